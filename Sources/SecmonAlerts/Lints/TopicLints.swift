/// Topics alarms cannot publish to.
enum TopicLints {
    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        for topic in stack.all("topic") {
            let alarms = stack.all("alarm").filter { alarm in
                ["alarm_actions", "ok_actions", "insufficient_data_actions"].contains { alarm.referencedIds($0).contains(topic.id) }
            }
            guard !alarms.isEmpty else { continue }
            let names = alarms.map { "'\($0.id)'" }.joined(separator: ", ")
            if let key = topic.string("kms_key"), key == "alias/aws/sns" || key.hasSuffix(":alias/aws/sns") {
                findings.append(stack.finding(.topicAWSManagedKey, on: topic,
                    "topic '\(topic.id)' is encrypted with the AWS managed key alias/aws/sns, whose key policy does not let CloudWatch use it: alarm \(names) cannot publish",
                    fix: "use a customer managed KMS key that allows cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*, or no kms_key"))
            }
            if let allowed = topic.properties["allow_publish_from"]?.listValue, !allowed.contains(.string("cloudwatch")) {
                findings.append(stack.finding(.topicBlocksAlarmPublish, on: topic,
                    "topic '\(topic.id)' does not allow_publish_from cloudwatch, so alarm \(names) cannot publish to it",
                    fix: "add cloudwatch to allow_publish_from"))
            }
        }
        return findings
    }
}
