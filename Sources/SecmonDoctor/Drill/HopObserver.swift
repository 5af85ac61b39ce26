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

    /// Long-polls the drill's queue for the alarm's notification.
    func notification(queueUrl: String, wait: Int) async throws -> String? {
        let reply = try await client.call(.sqs, "ReceiveMessage", [
            "QueueUrl": .string(queueUrl), "WaitTimeSeconds": .integer(Int64(max(0, min(20, wait)))), "MaxNumberOfMessages": 10,
        ])
        for message in reply["Messages"].list {
            guard let body = message["Body"].string, let alarm = Self.alarmName(inNotification: body),
                  alarm == plan.alarmName else { continue }
            return "SNS message for \(alarm) received on the drill's queue"
        }
        return nil
    }

    /// The AlarmName in an SNS envelope whose Message is CloudWatch's alarm JSON (or in the
    /// alarm JSON itself, for raw delivery).
    static func alarmName(inNotification body: String) -> String? {
        func object(_ text: String) -> [String: Any]? {
            text.data(using: .utf8).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
        guard let outer = object(body) else { return nil }
        if let name = outer["AlarmName"] as? String { return name }
        guard let message = outer["Message"] as? String, let inner = object(message) else { return nil }
        return inner["AlarmName"] as? String
    }
}
