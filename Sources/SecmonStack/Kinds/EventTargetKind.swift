import SecmonCore

extension KindSchema {
    /// A target of an EventBridge rule (owned through its rule, so no tags).
    public static let eventTarget = KindSchema(
        name: "event_target",
        summary: "A target of an EventBridge rule: an SNS topic, an SQS queue or a Lambda function, optionally with an input transformer that writes the message (`input_paths` + `input_template`). The target's own policy must let events.amazonaws.com deliver (a topic: `allow_publish_from: [events]`).",
        taggable: false,
        attributes: ["target_id"],
        identityProperties: ["rule", "target_id"],
        properties: [
            PropertySchema("rule", .string(StringConstraints(minLength: 1, maxLength: 64)), .required, change: .replace,
                "The rule's NAME, usually `${secret_read_rule.name}`.",
                references: ReferenceExpectation(kind: "event_rule", attribute: "name", mandatory: false)),
            PropertySchema("target_id", .string(StringConstraints(minLength: 1, maxLength: 64, allowed: .alphanumeric(plus: ".-_"))),
                .required, change: .replace, "The target's id, unique within its rule."),
            PropertySchema("arn", .string(.arn(maxLength: 1600)), .required,
                "The ARN of the topic (`${alerts.arn}`), queue or Lambda function that receives the events.",
                references: ReferenceExpectation(kind: "topic", attribute: "arn", mandatory: false)),
            PropertySchema("input_paths", .stringMap(
                key: StringConstraints(minLength: 1, maxLength: 256, allowed: .alphanumeric(plus: "_-")),
                value: StringConstraints(minLength: 1, maxLength: 256)), .optional,
                "Variables for `input_template`, each a JSON path into the event, e.g. `who: $.detail.userIdentity.arn` (at most 100)."),
            PropertySchema("input_template", .string(StringConstraints(minLength: 1, maxLength: 8192)), .optional,
                "What the target receives instead of the event: text (or JSON) with `<variable>` from `input_paths` and the predefined `<aws.events.rule-name>`, `<aws.events.rule-arn>`, `<aws.events.event.ingestion-time>`, `<aws.events.event.json>`. Absent: the whole event."),
            CommonProperties.tests,
        ],
        rules: [
            CrossFieldRule("`input_paths` needs `input_template`") { r in
                r.has("input_paths") && !r.has("input_template")
                    ? [r.error("\(r.label) has input_paths but no input_template to use them in", at: "input_paths")] : []
            },
            CrossFieldRule("`arn` is a topic, queue or function") { r in
                guard let arn = r.value("arn"), arn.references.isEmpty, let text = arn.stringValue else { return [] }
                let service = text.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first
                return ["sns", "sqs", "lambda"].contains(service.map(String.init) ?? "") ? []
                    : [r.error("arn '\(text)' in \(r.label) is not an SNS topic, SQS queue or Lambda function ARN", at: "arn")]
            },
            CrossFieldRule("at most 100 `input_paths`") { r in
                (r.value("input_paths")?.mapValue?.count ?? 0) > 100
                    ? [r.error("\(r.label) has more than the 100 input_paths EventBridge accepts", at: "input_paths")] : []
            },
        ])
}
