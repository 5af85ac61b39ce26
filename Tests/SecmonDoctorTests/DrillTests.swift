import AWSClient
import TestSupport
import Foundation
import SecmonRender
import XCTest
@testable import SecmonDoctor

/// A clock that only moves when the drill sleeps (or a fake's long-poll "waits").
final class ManualClock: DrillClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        advance(seconds)
    }
}

/// Holds the drill's task so a fake can cancel it mid-drill, as Ctrl-C does.
/// Holds the drill's task so a scripted reply can cancel it (Ctrl-C). A cancel that comes
/// before the task is handed over (the drill can get there first) is kept and applied then.
final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<DrillResult, Never>?
    private var cancelRequested = false
    func set(_ t: Task<DrillResult, Never>) {
        let cancelNow = lock.withLock { () -> Bool in
            task = t
            return cancelRequested
        }
        if cancelNow { t.cancel() }
    }
    func cancel() {
        lock.withLock { () -> Task<DrillResult, Never>? in
            cancelRequested = true
            return task
        }?.cancel()
    }
}

final class DrillTests: XCTestCase {
    let start = PipelineFixture.now
    let queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/secmon-drill-d1"

    func plan(_ trigger: DrillTriggerKind, timeout: Double = 900) -> DrillPlan {
        DrillPlan(trigger: trigger, secretName: "TopSecretInfo", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf",
                  account: "123456789012", region: "us-east-1", logGroupName: "secret-trail-logs",
                  metricNamespace: "SecMon", metricName: "SecretIsAccessed", alarmName: "secret-read-alarm",
                  topicArn: PipelineFixture.topicArn, timeout: timeout)
    }

    /// The services as a scripted chain: each hop becomes visible `after` seconds past the start.
    func services(clock: ManualClock, logAfter: Double? = 30, metricAfter: Double? = 90, alarmAfter: Double? = 150,
                  notifyAfter: Double? = 200, realTimeAfter: Double? = nil) -> FakeAWS {
        let aws = FakeAWS()
        let start = self.start
        @Sendable func reached(_ after: Double?) -> Bool { after.map { clock.now() >= start.addingTimeInterval($0) } ?? false }
        aws.on(.sqs, "CreateQueue", reply: ["QueueUrl": .string(queueUrl)])
        aws.on(.sqs, "GetQueueAttributes", reply: ["Attributes": ["QueueArn": "arn:aws:sqs:us-east-1:123456789012:secmon-drill-d1"]])
        aws.on(.sqs, "SetQueueAttributes", reply: [:])
        aws.on(.sns, "Subscribe", reply: ["SubscriptionArn": "arn:aws:sns:us-east-1:123456789012:SecurityAlarms:sub-drill"])
        aws.on(.sns, "Unsubscribe", reply: [:])
        aws.on(.sqs, "DeleteQueue", reply: [:])
        aws.on(.logs, "CreateLogStream", reply: [:])
        aws.on(.logs, "PutLogEvents", reply: ["nextSequenceToken": "1"])
        aws.on(.logs, "DeleteLogStream", reply: [:])
        aws.on(.cloudwatch, "SetAlarmState", reply: [:])
        aws.on(.logs, "FilterLogEvents") { input in
            guard reached(logAfter) else { return ["events": []] }
            return ["events": [["logStreamName": "secmon-drill-d1", "message": .string("{\"versionId\":\"secmon-drill-d1\"}")]]]
        }
        aws.on(.cloudwatch, "GetMetricStatistics") { _ in
            reached(metricAfter) ? ["Datapoints": [["Sum": 1.0, "Timestamp": .timestamp(start)]]] : ["Datapoints": []]
        }
        aws.on(.cloudwatch, "DescribeAlarms") { _ in
            ["MetricAlarms": [["AlarmName": "secret-read-alarm", "StateValue": reached(alarmAfter) ? "ALARM" : "OK",
                               "StateUpdatedTimestamp": .timestamp(start.addingTimeInterval(alarmAfter ?? -3_600))]]]
        }
        aws.on(.sqs, "ReceiveMessage") { input in
            func body(_ message: String) throws -> AWSValue {
                let envelope = try JSONSerialization.data(withJSONObject: ["Type": "Notification", "Message": message])
                return ["Body": .string(String(decoding: envelope, as: UTF8.self))]
            }
            var messages: [AWSValue] = []
            // Another secret's real-time message on the same topic is not this one's.
            if reached(realTimeAfter) { messages.append(try body("Secret read: OtherSecret (GetSecretValue)\nWho: bob")) }
            if reached(realTimeAfter) { messages.append(try body("Secret read: TopSecretInfo (GetSecretValue) in account 123456789012\nWho: alice")) }
            if reached(notifyAfter) { messages.append(try body(#"{"AlarmName":"secret-read-alarm","NewStateValue":"ALARM"}"#)) }
            if !messages.isEmpty { return ["Messages": .list(messages)] }
            // A long-poll with nothing to deliver waits the whole WaitTimeSeconds.
            clock.advance(Double(input["WaitTimeSeconds"].int ?? 0))
            return ["Messages": []]
        }
        return aws
    }

    func runner(_ aws: FakeAWS, _ clock: ManualClock, trigger: (any SecretReadTrigger)? = nil,
                events: EventLog = EventLog()) -> DrillRunner {
        DrillRunner(client: aws, clock: clock, secretTrigger: trigger, makeID: { "d1" }, onEvent: { events.append($0) })
    }

    func testLogDrillTimesEveryHop() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock)
        let events = EventLog()
        let result = await runner(aws, clock, events: events).run(plan(.log))
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(result.timeline.map(\.hop), DrillTriggerKind.log.hops)
        XCTAssertEqual(result.realTime, .none)
        XCTAssertEqual(result.timeline.map(\.sinceTrigger), [0, 30, 90, 150, 200])
        XCTAssertEqual(result.timeline.map(\.latency), [0, 30, 60, 60, 50])
        XCTAssertEqual(result.exitCode, 0)
        // The synthetic record went into the drill's own stream, which is removed afterwards.
        let put = aws.inputs(.logs, "PutLogEvents").first
        XCTAssertEqual(put?["logStreamName"], "secmon-drill-d1")
        XCTAssertTrue(put?["logEvents"][0]["message"].string?.contains("\"eventName\":\"GetSecretValue\"") == true)
        XCTAssertEqual(aws.operations.suffix(3), ["sns.Unsubscribe", "logs.DeleteLogStream", "sqs.DeleteQueue"])
        // The queue only accepts this topic.
        let policy = aws.inputs(.sqs, "SetQueueAttributes").first?["Attributes"]["Policy"].string ?? ""
        XCTAssertTrue(policy.contains(#""aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms""#))
        XCTAssertEqual(events.lines.first, "  setup    subscribed temporary queue secmon-drill-d1 to \(PipelineFixture.topicArn)")
        XCTAssertEqual(events.lines[2], "  +0:30  event in log group                 +30s  in stream secmon-drill-d1")
    }

    func testAlarmDrillSkipsTheLogAndMetricHops() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock, logAfter: nil, metricAfter: nil, alarmAfter: 0, notifyAfter: 20)
        let result = await runner(aws, clock).run(plan(.alarm))
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(result.timeline.map(\.hop), [.triggerSent, .alarmTransition, .notification])
        XCTAssertEqual(aws.inputs(.cloudwatch, "SetAlarmState").first?["StateValue"], "ALARM")
        XCTAssertFalse(aws.operations.contains("logs.PutLogEvents"))
    }

    func testTimeoutNamesTheHopWhereTheChainStopped() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock, metricAfter: nil, alarmAfter: nil, notifyAfter: nil)
        let result = await runner(aws, clock).run(plan(.log, timeout: 300))
        XCTAssertEqual(result.outcome, .timedOut(stoppedAt: .metricDatapoint))
        XCTAssertEqual(result.exitCode, 2)
        XCTAssertEqual(DrillRendering.summary(result, timeout: 300),
                       "drill from log: stopped before \"metric datapoint\": not reached within 5m00s")
        XCTAssertTrue(aws.operations.contains("sqs.DeleteQueue"))
        XCTAssertTrue(aws.operations.contains("sns.Unsubscribe"))
    }

    func testALaterHopImpliesTheOnesNotSeen() async {
        let clock = ManualClock(start)
        // FilterLogEvents never finds the record, but the metric moves.
        let aws = services(clock: clock, logAfter: nil, metricAfter: 60)
        let result = await runner(aws, clock).run(plan(.log))
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(result.timeline[1].hop, .logEvent)
        XCTAssertFalse(result.timeline[1].observed)
        XCTAssertEqual(result.timeline[1].detail, "not seen; implied by a later hop")
    }

    func testInterruptionStillCleansUp() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock, metricAfter: nil)
        let box = TaskBox()
        // Ctrl-C arrives while the drill waits for the notification.
        aws.on(.sqs, "ReceiveMessage") { _ in
            box.cancel()
            return ["Messages": []]
        }
        let drill = runner(aws, clock)
        let logPlan = plan(.log)
        // On a virtual clock the drill can run to its timeout before this thread hands the task
        // to the box, so the drill starts only once the box holds it.
        let (go, start) = AsyncStream<Void>.makeStream()
        let task = Task {
            for await _ in go { break }
            return await drill.run(logPlan)
        }
        box.set(task)
        start.yield(())
        let result = await task.value
        guard case .interrupted = result.outcome else { return XCTFail("expected interrupted, got \(result.outcome)") }
        XCTAssertEqual(result.cleanupProblems, [])
        XCTAssertEqual(aws.operations.suffix(3), ["sns.Unsubscribe", "logs.DeleteLogStream", "sqs.DeleteQueue"])
    }

    func testAFailedSetupRemovesWhatWasAlreadyMade() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock)
        aws.on(.sns, "Subscribe", error: "AuthorizationError", status: 403)
        let result = await runner(aws, clock).run(plan(.alarm))
        guard case .failed(let message) = result.outcome else { return XCTFail() }
        XCTAssertTrue(message.contains("AuthorizationError"))
        XCTAssertEqual(aws.operations.last, "sqs.DeleteQueue")
        XCTAssertFalse(aws.operations.contains("cloudwatch.SetAlarmState"), "no trigger without a subscriber")
        XCTAssertEqual(result.exitCode, 1)
    }

    func testCleanupFailuresAreReported() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock, alarmAfter: 0, notifyAfter: 0)
        aws.on(.sqs, "DeleteQueue", error: "AccessDenied", status: 403)
        let result = await runner(aws, clock).run(plan(.alarm))
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(result.cleanupProblems.count, 1)
        XCTAssertEqual(result.exitCode, 1)
    }

    func testSecretDrillUsesTheTriggerOnceWithTheMarker() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock)
        let trigger = RecordingTrigger()
        let result = await runner(aws, clock, trigger: trigger).run(plan(.secret))
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(trigger.sent, ["TopSecretInfo"])
        // The log hop looks for the refused request's id.
        XCTAssertEqual(aws.inputs(.logs, "FilterLogEvents").first?["filterPattern"], "\"secmon-drill-d1\"")
        XCTAssertFalse(aws.operations.contains { $0.hasSuffix("GetSecretValue") }, "the drill never calls GetSecretValue itself")
    }

    func testSecretDrillWithoutATriggerFailsCleanly() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock)
        let result = await runner(aws, clock).run(plan(.secret))
        XCTAssertEqual(result.outcome, .failed("--from secret is not available in this build (no GetSecretValue trigger); use --from log"))
        XCTAssertTrue(aws.operations.contains("sqs.DeleteQueue"))
    }

    /// --from secret with a rule delivering to the topic: the rule's message is timed on the
    /// drill's queue beside the alarm path.
    func testSecretDrillTimesTheRealTimePathBesideTheAlarm() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock, realTimeAfter: 5)
        let events = EventLog()
        var secretPlan = plan(.secret)
        secretPlan.realTime = .observe(rule: "secret-read-now")
        let result = await runner(aws, clock, trigger: RecordingTrigger(), events: events).run(secretPlan)
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(result.timeline.map(\.hop), [.triggerSent, .logEvent, .metricDatapoint, .alarmTransition, .notification])
        guard case .delivered(let rule, let record) = result.realTime else { return XCTFail("\(result.realTime)") }
        XCTAssertEqual(rule, "secret-read-now")
        XCTAssertEqual(record.hop, .realTimeMessage)
        XCTAssertEqual(record.sinceTrigger, 10, "seen at the end of the first 10 s long-poll")
        XCTAssertEqual(record.detail, #""Secret read: TopSecretInfo (GetSecretValue) in account 123456789012""#)
        XCTAssertEqual(result.exitCode, 0)
        XCTAssertTrue(events.lines.contains { $0.contains("real-time message delivered") }, "\(events.lines)")
        XCTAssertEqual(DrillRendering.summary(result, timeout: 900), """
            drill from secret: notification delivered 3m20s after the trigger
            real-time path (rule secret-read-now -> topic): message delivered 10s after the trigger
            """)
    }

    /// The alarm path delivers but the rule's message never comes: the drill waits for it to the
    /// timeout, and says the real-time path failed (exit 2).
    func testARealTimeMessageThatNeverComesFailsThatPath() async {
        let clock = ManualClock(start)
        let aws = services(clock: clock)
        var secretPlan = plan(.secret, timeout: 300)
        secretPlan.realTime = .observe(rule: "secret-read-now")
        let result = await runner(aws, clock, trigger: RecordingTrigger()).run(secretPlan)
        XCTAssertEqual(result.outcome, .completed)
        XCTAssertEqual(result.realTime, .failed(rule: "secret-read-now", why: "no message within the drill's timeout"))
        XCTAssertEqual(result.exitCode, 2)
        XCTAssertGreaterThanOrEqual(clock.now().timeIntervalSince(start), 300, "waited to the timeout")
        XCTAssertEqual(aws.operations.suffix(2), ["sns.Unsubscribe", "sqs.DeleteQueue"])
        XCTAssertEqual(DrillRendering.realTimeSummary(result), "real-time path (rule secret-read-now -> topic): FAILED: no message within the drill's timeout")
    }

    /// Which real-time path a drill can time: only --from secret, only through the topic.
    func testRealTimePathIsObservedOnlyThroughTheTopicFromARealRead() {
        let topic = PipelineFixture.topicArn
        let rule = EventRulePart(name: "r", arn: "arn:aws:events:us-east-1:123456789012:rule/r", state: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
                                 pattern: nil, targetArns: [topic])
        XCTAssertEqual(RealTimePath(ruleName: nil, rule: .value(rule), trigger: .secret, topicArn: topic), .none)
        XCTAssertEqual(RealTimePath(ruleName: "r", rule: .value(rule), trigger: .secret, topicArn: topic), .observe(rule: "r"))
        XCTAssertEqual(RealTimePath(ruleName: "r", rule: .value(rule), trigger: .log, topicArn: topic),
                       .notObservable(rule: "r", why: "only a real read (--from secret) goes through CloudTrail to EventBridge; --from log does not"))
        var queueTarget = rule
        queueTarget.targetArns = ["arn:aws:sqs:us-east-1:123456789012:reads"]
        XCTAssertEqual(RealTimePath(ruleName: "r", rule: .value(queueTarget), trigger: .secret, topicArn: topic),
                       .notObservable(rule: "r", why: "rule r delivers to arn:aws:sqs:us-east-1:123456789012:reads, not to the topic the drill listens on"))
        guard case .notObservable(_, let why) = RealTimePath(ruleName: "r", rule: .missing("rule r does not exist"), trigger: .secret, topicArn: topic) else {
            return XCTFail()
        }
        XCTAssertTrue(why.contains("rule r does not exist"), why)
    }

    func testRealTimeMessageParsing() {
        let names = ["TopSecretInfo", "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf"]
        XCTAssertEqual(HopObserver.realTimeMessage(inNotification: #"{"Type":"Notification","Message":"Secret read: TopSecretInfo\nWho: a"}"#, naming: names),
                       "Secret read: TopSecretInfo")
        // Raw delivery of the whole event (no input transformer) naming the ARN.
        XCTAssertNotNil(HopObserver.realTimeMessage(
            inNotification: #"{"detail":{"requestParameters":{"secretId":"arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf"}}}"#, naming: names))
        XCTAssertNil(HopObserver.realTimeMessage(inNotification: #"{"Type":"Notification","Message":"{\"AlarmName\":\"TopSecretInfo\"}"}"#, naming: names))
        XCTAssertNil(HopObserver.realTimeMessage(inNotification: #"{"Type":"Notification","Message":"Secret read: prod/db/password"}"#, naming: names))
    }

    func testNotificationParsing() {
        XCTAssertEqual(HopObserver.alarmName(inNotification: #"{"Type":"Notification","Message":"{\"AlarmName\":\"a\"}"}"#), "a")
        XCTAssertEqual(HopObserver.alarmName(inNotification: #"{"AlarmName":"raw"}"#), "raw")
        XCTAssertNil(HopObserver.alarmName(inNotification: "plain text"))
    }

    func testPrepareRefusesAnAlarmAlreadyInAlarm() async {
        var fixture = PipelineFixture()
        fixture.alarmState = "ALARM"
        let aws = FakeAWS()
        fixture.install(on: aws)
        do {
            _ = try await DrillPlan.prepare(target: PipelineFixture.target, trigger: .alarm, timeout: 60, client: aws, now: start)
            XCTFail("expected a refusal")
        } catch {
            XCTAssertEqual(String(describing: error), "alarm secret-read-alarm is already in ALARM, so it would not notify again; wait until it returns to OK")
        }
    }

    func testPrepareDecidesTheRealTimePath() async throws {
        let aws = FakeAWS()
        PipelineFixture().install(on: aws)
        aws.on(.events, "DescribeRule", reply: ["Name": "secret-read-now", "Arn": "arn:aws:events:us-east-1:123456789012:rule/secret-read-now",
                                                 "State": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"])
        aws.on(.events, "ListTargetsByRule", reply: ["Targets": [["Id": "t", "Arn": .string(PipelineFixture.topicArn)]]])
        var target = PipelineFixture.target
        let without = try await DrillPlan.prepare(target: target, trigger: .secret, timeout: 60, client: aws, now: start)
        XCTAssertEqual(without.realTime, .none)
        target.eventRuleName = "secret-read-now"
        let with = try await DrillPlan.prepare(target: target, trigger: .secret, timeout: 60, client: aws, now: start)
        XCTAssertEqual(with.realTime, .observe(rule: "secret-read-now"))
        guard case .notObservable = try await DrillPlan.prepare(target: target, trigger: .alarm, timeout: 60, client: aws, now: start).realTime else {
            return XCTFail("--from alarm cannot set the real-time path off")
        }
    }

    func testPrepareReadsThePlanFromTheLivePipeline() async throws {
        let aws = FakeAWS()
        PipelineFixture().install(on: aws)
        let plan = try await DrillPlan.prepare(target: PipelineFixture.target, trigger: .log, timeout: 60, client: aws, now: start)
        XCTAssertEqual(plan.logGroupName, "secret-trail-logs")
        XCTAssertEqual(plan.metricNamespace, "SecMon")
        XCTAssertEqual(plan.topicArn, PipelineFixture.topicArn)
        XCTAssertEqual(plan.secretArn, "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf")
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [DrillEvent] = []
    func append(_ e: DrillEvent) { lock.withLock { stored.append(e) } }
    var lines: [String] { lock.withLock { stored.map(DrillRendering.line) } }
}

final class RecordingTrigger: SecretReadTrigger, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    var sent: [String] { lock.withLock { log } }
    func sendUnreadableRead(secretId: String) async throws -> String? {
        lock.withLock { log.append(secretId) }
        return "secmon-drill-d1"
    }
}
