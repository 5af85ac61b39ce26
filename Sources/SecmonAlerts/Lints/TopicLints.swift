/// Topics alarms or EventBridge rules cannot publish to.
enum TopicLints {
    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        for topic in stack.all("topic") {
            let alarms = stack.all("alarm").filter { alarm in
                ["alarm_actions", "ok_actions", "insufficient_data_actions"].contains { alarm.referencedIds($0).contains(topic.id) }
            }
            let targets = stack.all("event_target").filter { $0.referencedIds("arn").contains(topic.id) }
            guard !alarms.isEmpty || !targets.isEmpty else { continue }
            let alarmNames = alarms.map { "'\($0.id)'" }.joined(separator: ", ")
            let targetNames = targets.map { "'\($0.id)'" }.joined(separator: ", ")
            if let key = topic.string("kms_key"), key == "alias/aws/sns" || key.hasSuffix(":alias/aws/sns") {
                let publishers = [alarms.isEmpty ? nil : "alarm \(alarmNames)", targets.isEmpty ? nil : "event target \(targetNames)"]
                let services = [alarms.isEmpty ? nil : "cloudwatch.amazonaws.com", targets.isEmpty ? nil : "events.amazonaws.com"]
                findings.append(stack.finding(.topicAWSManagedKey, on: topic,
                    "topic '\(topic.id)' is encrypted with the AWS managed key alias/aws/sns, whose key policy lets no other service use it: \(publishers.compactMap { $0 }.joined(separator: " and ")) cannot publish",
                    fix: "use a customer managed KMS key that allows \(services.compactMap { $0 }.joined(separator: " and ")) kms:Decrypt and kms:GenerateDataKey*, or no kms_key"))
            }
            let allowed = topic.properties["allow_publish_from"]?.listValue
            if !alarms.isEmpty, let allowed, !allowed.contains(.string("cloudwatch")) {
                findings.append(stack.finding(.topicBlocksAlarmPublish, on: topic,
                    "topic '\(topic.id)' does not allow_publish_from cloudwatch, so alarm \(alarmNames) cannot publish to it",
                    fix: "add cloudwatch to allow_publish_from"))
            }
            // Absent, allow_publish_from is [cloudwatch].
            if !targets.isEmpty, !(allowed ?? []).contains(.string("events")) {
                findings.append(stack.finding(.topicBlocksRulePublish, on: topic,
                    "topic '\(topic.id)' does not allow_publish_from events, so EventBridge cannot deliver event target \(targetNames) to it",
                    fix: "add events to allow_publish_from"))
            }
        }
        return findings
    }
}
