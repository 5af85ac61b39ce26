import AWSClient
import Foundation

/// `secmon drill`: sets the pipeline off and times each hop until the notification arrives.
///
/// It creates a temporary SQS queue subscribed to the topic, sends the trigger, then observes
/// the hops each round (the SQS long-poll paces the rounds) until every hop is reached or the
/// timeout passes. Beside the alarm path it times the real-time path (the EventBridge rule's
/// message on the same topic, so on the same queue) when the plan can observe it. Everything temporary is removed afterwards: on success, on timeout, on a
/// failure, and when the task is cancelled (the CLI cancels it on Ctrl-C).
public struct DrillRunner: Sendable {
    let client: any AWSCalling
    let clock: any DrillClock
    let secretTrigger: (any SecretReadTrigger)?
    let makeID: @Sendable () -> String
    let onEvent: @Sendable (DrillEvent) -> Void

    public init(client: any AWSCalling, clock: any DrillClock = SystemDrillClock(),
                secretTrigger: (any SecretReadTrigger)?,
                makeID: @escaping @Sendable () -> String = { String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12)) },
                onEvent: @escaping @Sendable (DrillEvent) -> Void = { _ in }) {
        self.client = client
        self.clock = clock
        self.secretTrigger = secretTrigger
        self.makeID = makeID
        self.onEvent = onEvent
    }

    public func run(_ plan: DrillPlan) async -> DrillResult {
        let id = makeID()
        let created = CreatedResources()
        var timeline: [HopRecord] = []
        var realTime: DrillResult.RealTimeOutcome
        switch plan.realTime {
        case .none: realTime = .none
        case .notObservable(let rule, let why): realTime = .notObservable(rule: rule, why: why)
        case .observe(let rule): realTime = .failed(rule: rule, why: "no message within the drill's timeout")
        }
        let outcome: DrillResult.Outcome
        do {
            outcome = try await drill(plan, id: id, created: created, timeline: &timeline, realTime: &realTime)
        } catch {
            let pending = plan.trigger.hops.first { hop in !timeline.contains { $0.hop == hop } } ?? .notification
            let cancelled = Task.isCancelled || error is CancellationError
            outcome = cancelled ? .interrupted(stoppedAt: pending) : .failed(String(describing: error))
            if case .failed(let rule, _) = realTime {
                realTime = .failed(rule: rule, why: cancelled ? "interrupted before it arrived" : "the drill could not run")
            }
        }
        let problems = await cleanUp(created)
        return DrillResult(trigger: plan.trigger, timeline: timeline, outcome: outcome, cleanupProblems: problems, realTime: realTime)
    }

    private func drill(_ plan: DrillPlan, id: String, created: CreatedResources, timeline: inout [HopRecord],
                       realTime: inout DrillResult.RealTimeOutcome) async throws -> DrillResult.Outcome {
        let subscriber = try await TemporarySubscriber.create(
            client: client, topicArn: plan.topicArn, name: "secmon-drill-\(id)", record: { await created.add($0) })
        onEvent(.setUp("subscribed temporary queue secmon-drill-\(id) to \(plan.topicArn)"))

        let marker = "secmon-drill-\(id)"
        let (triggerDetail, recordMarker) = try await sendTrigger(plan, marker: marker, created: created)
        let start = clock.now()
        func reach(_ hop: DrillHop, _ detail: String, at: Date, observed: Bool = true) {
            let previous = timeline.last?.at ?? at
            let record = HopRecord(hop: hop, at: at, latency: at.timeIntervalSince(previous),
                                   sinceTrigger: at.timeIntervalSince(start), detail: detail, observed: observed)
            timeline.append(record)
            onEvent(.reached(record))
        }
        reach(.triggerSent, triggerDetail, at: start)

        let observer = HopObserver(client: client, plan: plan, marker: recordMarker, triggerTime: start)
        let deadline = start.addingTimeInterval(plan.timeout)
        var pending = Array(plan.trigger.hops.dropFirst())
        var awaitingRealTime: String?
        if case .observe(let rule) = plan.realTime { awaitingRealTime = rule }
        while !pending.isEmpty || awaitingRealTime != nil {
            let roundStart = clock.now()
            if roundStart >= deadline { return pending.first.map { .timedOut(stoppedAt: $0) } ?? .completed }
            try Task.checkCancellation()
            // Each hop is stamped with the time it was seen.
            var seen: [DrillHop: (detail: String, at: Date)] = [:]
            for hop in pending {
                let detail: String?
                switch hop {
                case .logEvent: detail = try await observer.logEvent()
                case .metricDatapoint: detail = try await observer.metricDatapoint(now: clock.now())
                case .alarmTransition: detail = try await observer.alarmTransition()
                case .notification, .triggerSent, .realTimeMessage: detail = nil
                }
                if let detail { seen[hop] = (detail, clock.now()) }
            }
            // One long-poll of the queue serves both paths: the alarm's notification and the
            // rule's message arrive on the same topic.
            if pending.contains(.notification) || awaitingRealTime != nil {
                let wait = Int(min(plan.pollInterval, deadline.timeIntervalSince(clock.now())).rounded(.down))
                let received = try await observer.receive(queueUrl: subscriber.queueUrl, wait: wait)
                if let alarm = received.alarm, pending.contains(.notification) { seen[.notification] = (alarm, clock.now()) }
                if let message = received.realTime, let rule = awaitingRealTime {
                    let at = clock.now()
                    let record = HopRecord(hop: .realTimeMessage, at: at, latency: at.timeIntervalSince(start),
                                           sinceTrigger: at.timeIntervalSince(start), detail: message, observed: true)
                    realTime = .delivered(rule: rule, record)
                    awaitingRealTime = nil
                    onEvent(.reached(record))
                }
            }
            // A later hop proves the earlier ones happened, even if they were not seen (yet).
            if let furthest = pending.lastIndex(where: { seen[$0] != nil }) {
                let proofTime = seen[pending[furthest]]?.at ?? clock.now()
                for hop in pending[...furthest] {
                    if let s = seen[hop] {
                        reach(hop, s.detail, at: s.at)
                    } else {
                        reach(hop, "not seen; implied by a later hop", at: proofTime, observed: false)
                    }
                }
                pending.removeFirst(furthest + 1)
            }
            if pending.isEmpty && awaitingRealTime == nil { break }
            // The long-poll usually fills the round; the rest is waited out here.
            let spent = clock.now().timeIntervalSince(roundStart)
            try await clock.sleep(seconds: max(0, plan.pollInterval - spent))
        }
        return .completed
    }

    /// Sends the trigger; returns what it did and a string only its log record contains.
    private func sendTrigger(_ plan: DrillPlan, marker: String, created: CreatedResources) async throws -> (String, String?) {
        switch plan.trigger {
        case .alarm:
            _ = try await client.call(.cloudwatch, "SetAlarmState", [
                "AlarmName": .string(plan.alarmName), "StateValue": "ALARM",
                "StateReason": .string("secmon drill \(marker): testing alarm -> topic -> subscriber"),
            ])
            return ("SetAlarmState ALARM on \(plan.alarmName)", nil)
        case .log:
            guard let group = plan.logGroupName else { throw DrillError("no log group to write to") }
            _ = try await client.call(.logs, "CreateLogStream", ["logGroupName": .string(group), "logStreamName": .string(marker)])
            await created.add(.logStream(group: group, name: marker))
            let now = clock.now()
            let record = SecretReadEvent(secretId: plan.secretName, secretArn: plan.secretArn, account: plan.account,
                                         region: plan.region, time: now, eventID: marker, versionId: marker)
            _ = try await client.call(.logs, "PutLogEvents", [
                "logGroupName": .string(group), "logStreamName": .string(marker),
                "logEvents": [["timestamp": .integer(Int64(now.timeIntervalSince1970 * 1000)), "message": .string(record.json)]],
            ])
            return ("synthetic GetSecretValue record written to \(group)", marker)
        case .secret:
            guard let secretTrigger else {
                throw DrillError("--from secret is not available in this build (no GetSecretValue trigger); use --from log")
            }
            // By name, as applications usually read it; doctor's filter.matches link says
            // whether reads by ARN are matched too.
            let requestID = try await secretTrigger.sendUnreadableRead(secretId: plan.secretName)
            return ("GetSecretValue of \(plan.secretName) for a version that does not exist (request \(requestID ?? "without id"))", requestID)
        }
    }

    /// Removes everything temporary. Runs detached, so a cancelled drill still cleans up.
    private func cleanUp(_ created: CreatedResources) async -> [String] {
        let client = self.client
        let onEvent = self.onEvent
        return await Task.detached {
            var problems: [String] = []
            for resource in await created.all.sorted(by: { $0.cleanupOrder < $1.cleanupOrder }) {
                do {
                    try await resource.remove(client: client)
                    onEvent(.cleanedUp("removed \(resource.description)"))
                } catch {
                    let problem = "could not remove \(resource.description): \(error)"
                    problems.append(problem)
                    onEvent(.cleanupFailed(problem))
                }
            }
            return problems
        }.value
    }
}

/// What the drill made so far, shared between the drill and its cleanup.
actor CreatedResources {
    private(set) var all: [TemporaryResource] = []
    func add(_ resource: TemporaryResource) { all.append(resource) }
}
