import AWSClient
import Foundation

/// Looks once for each hop of the chain. Each method returns a one-line detail when the hop
/// has been reached, nil when not yet.
struct HopObserver: Sendable {
    let client: any AWSCalling
    let plan: DrillPlan
    /// A string only the drill's own log record contains (its request ID or stream marker);
    /// nil when AWS gave none, and then any refused GetSecretValue of the secret counts.
    let marker: String?
    let triggerTime: Date

    func logEvent() async throws -> String? {
        guard let group = plan.logGroupName else { return nil }
        let pattern = marker.map { "\"\($0)\"" } ?? #"{ ($.eventName = "GetSecretValue") && ($.errorCode = "ResourceNotFoundException") }"#
        let reply = try await client.call(.logs, "FilterLogEvents", [
            "logGroupName": .string(group), "filterPattern": .string(pattern),
            "startTime": .integer(Int64((triggerTime.timeIntervalSince1970 - 60) * 1000)), "limit": 50,
        ])
        // Matched again here: moto's FilterLogEvents treats JSON patterns as "match everything".
        let ours: (String) -> Bool = { message in
            if let marker { return message.contains(marker) }
            return message.contains("GetSecretValue") && message.contains(plan.secretName) && message.contains("errorCode")
        }
        guard let event = reply["events"].list.first(where: { ours($0["message"].string ?? "") }) else { return nil }
        return "in stream \(event["logStreamName"].string ?? "?")"
    }

    func metricDatapoint(now: Date) async throws -> String? {
        guard let namespace = plan.metricNamespace, let name = plan.metricName else { return nil }
        let minute = (triggerTime.timeIntervalSince1970 / 60).rounded(.down) * 60
        let reply = try await client.call(.cloudwatch, "GetMetricStatistics", [
            "Namespace": .string(namespace), "MetricName": .string(name),
            "StartTime": .timestamp(Date(timeIntervalSince1970: minute - 60)), "EndTime": .timestamp(now.addingTimeInterval(60)),
            "Period": 60, "Statistics": ["Sum"],
        ])
        let points = reply["Datapoints"].list.filter {
            ($0["Sum"].double ?? 0) > 0 && ($0["Timestamp"].anyDate.map { $0.timeIntervalSince1970 >= minute - 60 } ?? true)
        }
        guard let point = points.first else { return nil }
        return "\(namespace)/\(name) Sum \(AlarmFiring.format(point["Sum"].double ?? 0))"
    }

    func alarmTransition() async throws -> String? {
        let reply = try await client.call(.cloudwatch, "DescribeAlarms", ["AlarmNames": [.string(plan.alarmName)]])
        guard let alarm = reply["MetricAlarms"].list.map(AlarmPart.init(reply:)).first(where: { $0.name == plan.alarmName }),
              alarm.stateValue == "ALARM" else { return nil }
        // A transition from before the trigger is not ours (tolerating a second of clock skew).
        if let updated = alarm.stateUpdated, updated < triggerTime.addingTimeInterval(-1) { return nil }
        return "alarm \(alarm.name) in ALARM"
    }

    /// Long-polls the drill's queue once: the alarm's notification and the real-time path's
    /// message, each as a one-line detail when it arrived. Other messages stay in the queue.
    func receive(queueUrl: String, wait: Int) async throws -> (alarm: String?, realTime: String?) {
        let reply = try await client.call(.sqs, "ReceiveMessage", [
            "QueueUrl": .string(queueUrl), "WaitTimeSeconds": .integer(Int64(max(0, min(20, wait)))), "MaxNumberOfMessages": 10,
        ])
        var alarm: String?, realTime: String?
        for message in reply["Messages"].list {
            guard let body = message["Body"].string else { continue }
            if let name = Self.alarmName(inNotification: body) {
                if name == plan.alarmName { alarm = "SNS message for \(name) received on the drill's queue" }
            } else if let line = Self.realTimeMessage(inNotification: body, naming: [plan.secretName, plan.secretArn].compactMap { $0 }) {
                realTime = "\"\(line)\""
            }
        }
        return (alarm, realTime)
    }

    /// The AlarmName in an SNS envelope whose Message is CloudWatch's alarm JSON (or in the
    /// alarm JSON itself, for raw delivery).
    static func alarmName(inNotification body: String) -> String? {
        guard let outer = object(body) else { return nil }
        if let name = outer["AlarmName"] as? String { return name }
        guard let message = outer["Message"] as? String, let inner = object(message) else { return nil }
        return inner["AlarmName"] as? String
    }

    /// The first line (at most 100 characters) of a message on the topic that is not
    /// CloudWatch's alarm JSON and names the secret (its name or ARN): the rule's rendered
    /// input template, or the whole event when the target has none. nil for anything else.
    /// The message must name the secret, so a rule on another secret that shares the topic is
    /// not taken for this one (the example's template names it: `<secret>`).
    static func realTimeMessage(inNotification body: String, naming names: [String]) -> String? {
        guard alarmName(inNotification: body) == nil else { return nil }
        var message = body
        if let outer = object(body), let inner = outer["Message"] as? String { message = inner }
        guard names.contains(where: { !$0.isEmpty && message.contains($0) }) else { return nil }
        let first = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        return first.count > 100 ? String(first.prefix(99)) + "…" : first
    }

    private static func object(_ text: String) -> [String: Any]? {
        text.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }
}
