import AWSClient
import Foundation

/// Finds the pipeline around an existing secret, for pipelines built by hand: the trail that
/// best records reads of it, the metric filters on that trail's log group that match a read,
/// alarms on their metrics, and the alarm's SNS topic.
///
/// Best effort: where a step finds nothing, the target leaves that part unnamed and says why
/// in `notes`; doctor then reports that link as failing. Read-only, like doctor.
public struct PipelineDiscovery: Sendable {
    let client: any AWSCalling
    let matcher: (any FilterPatternMatching)?
    let now: Date

    public init(client: any AWSCalling, matcher: (any FilterPatternMatching)?, now: Date) {
        self.client = client
        self.matcher = matcher
        self.now = now
    }

    public func discover(secret: String) async -> PipelineTarget {
        var target = PipelineTarget(origin: .discovered, secret: secret)
        let reader = PipelineReader(client: client)
        async let identityR = reader.readIdentity()
        async let secretR = reader.readSecret(secret)
        async let trailsR = candidateTrails()
        let (identity, secretPart, trails) = await (identityR.value, secretR.value, trailsR)

        guard let trail = trails.first else {
            target.notes.append("no trail visible from \(client.region) records management events to CloudWatch Logs")
            return target
        }
        target.trailName = trail.trail.name
        if trails.count > 1 {
            target.notes.append("\(trails.count) trails; checking \(trail.trail.name), the one that best records reads (others: \(trails.dropFirst().map(\.trail.name).joined(separator: ", ")))")
        }
        guard let group = trail.trail.logGroupArn.flatMap(PipelineReader.logGroupName(fromArn:)) else {
            target.notes.append("trail \(trail.trail.name) delivers to no log group")
            return target
        }
        target.logGroupName = group

        let samples = SecretReadEvent.samples(secretName: secretPart?.name ?? secret, secretArn: secretPart?.arn,
                                              account: identity?.account ?? "123456789012", region: client.region, time: now)
        let filters: [MetricFilterPart]
        do {
            filters = try await reader.describeMetricFilters(logGroup: group, prefix: nil)
        } catch {
            target.notes.append("could not list the metric filters of \(group): \(error)")
            return target
        }
        var matching: [MetricFilterPart] = []
        for filter in filters where await matchesRead(filter, samples: samples) {
            matching.append(filter)
        }
        guard !matching.isEmpty else {
            target.notes.append("none of the \(filters.count) metric filter(s) on \(group) matches a read of the secret")
            return target
        }

        // The first matching filter with a usable alarm wins; else the first matching filter.
        target.metricFilterName = matching[0].name
        for filter in matching {
            guard let metric = filter.transformations.first,
                  let alarm = await bestAlarm(for: metric) else { continue }
            target.metricFilterName = filter.name
            target.alarmName = alarm.name
            target.topic = alarm.alarmActions.first { ARN($0)?.service == "sns" }
            if target.topic == nil { target.notes.append("alarm \(alarm.name) notifies no SNS topic") }
            return target
        }
        target.notes.append("no alarm watches the metric of \(matching.map(\.name).joined(separator: ", "))")
        return target
    }

    struct Candidate: Sendable {
        var trail: TrailPart
        var score: Int
    }

    /// Trails visible from this region, best first: covering the region, delivering to
    /// CloudWatch Logs, logging, and recording read management events.
    func candidateTrails() async -> [Candidate] {
        guard let reply = try? await client.call(.cloudtrail, "DescribeTrails", ["includeShadowTrails": true]) else { return [] }
        let trails = reply["trailList"].list.map(TrailPart.init(reply:))
        let region = client.region
        return await withTaskGroup(of: Candidate.self) { group in
            for trail in trails {
                group.addTask {
                    var score = 0
                    if trail.isMultiRegion || trail.region == region { score += 8 }
                    if trail.logGroupArn != nil { score += 4 }
                    if let status = try? await client.call(.cloudtrail, "GetTrailStatus", ["Name": .string(trail.arn)]),
                       status["IsLogging"].bool == true { score += 2 }
                    if let selectors = try? await client.call(.cloudtrail, "GetEventSelectors", ["TrailName": .string(trail.arn)]),
                       ManagementEventCoverage(EventSelectorsPart(reply: selectors)).read { score += 1 }
                    return Candidate(trail: trail, score: score)
                }
            }
            var all: [Candidate] = []
            for await c in group { all.append(c) }
            return all.sorted { ($0.score, $1.trail.name) > ($1.score, $0.trail.name) }
        }
    }

    /// Whether a filter matches any sample read: offline evaluator, else TestMetricFilter.
    func matchesRead(_ filter: MetricFilterPart, samples: [(label: String, event: SecretReadEvent)]) async -> Bool {
        if let matcher {
            return samples.contains { (try? matcher.matches(pattern: filter.pattern, message: $0.event.json)) == true }
        }
        guard let reply = try? await client.call(.logs, "TestMetricFilter", [
            "filterPattern": .string(filter.pattern), "logEventMessages": .list(samples.map { .string($0.event.json) }),
        ]) else { return false }
        return !reply["matches"].list.isEmpty
    }

    /// The alarm on this metric most likely to notify: enabled, firing on one read, with an SNS action.
    func bestAlarm(for metric: MetricTransformationPart) async -> AlarmPart? {
        guard let reply = try? await client.call(.cloudwatch, "DescribeAlarmsForMetric", [
            "Namespace": .string(metric.namespace), "MetricName": .string(metric.name),
        ]) else { return nil }
        // Filtered again here: moto ignores some of DescribeAlarmsForMetric's filters.
        let alarms = reply["MetricAlarms"].list.map(AlarmPart.init(reply:))
            .filter { $0.namespace == metric.namespace && $0.metricName == metric.name }
        func score(_ a: AlarmPart) -> Int {
            var s = 0
            if a.actionsEnabled { s += 1 }
            if a.alarmActions.contains(where: { ARN($0)?.service == "sns" }) { s += 2 }
            if case .fires = AlarmFiring.evaluate(a, metric: metric) { s += 4 }
            return s
        }
        return alarms.sorted { (score($0), $1.name) > (score($1), $0.name) }.first
    }
}
