import SecmonCore

extension KindSchema {
    /// The rule states PutRule takes.
    public static let eventRuleStates = ["ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS", "ENABLED", "DISABLED"]

    /// An EventBridge rule on the default event bus: the real-time path from CloudTrail.
    public static let eventRule = KindSchema(
        name: "event_rule",
        summary: "An EventBridge rule on the default event bus, e.g. on \"AWS API Call via CloudTrail\" events for reads of a secret (`event_pattern: ${top_secret.read_event_pattern}`). Read-only management events such as GetSecretValue reach a rule only in state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`, the default.",
        taggable: true,
        properties: [
            .name(StringConstraints(minLength: 1, maxLength: 64, allowed: .alphanumeric(plus: ".-_")), "The rule's name."),
            PropertySchema("description", .string(StringConstraints(maxLength: 512)), .defaultValue(.string("")),
                "What the rule is for."),
            PropertySchema("event_pattern", .string(StringConstraints(minLength: 1, maxLength: 4096)), .required,
                "The event pattern (JSON), usually a secret's `${top_secret.read_event_pattern}`: reads of exactly that secret.",
                // Text: the secret it names need not exist.
                valueOnly: true),
            PropertySchema("state", .enumeration(eventRuleStates),
                .defaultValue(.string("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")),
                "`ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` (also read-only management events, such as GetSecretValue), `ENABLED` (all but those) or `DISABLED`."),
            CommonProperties.tests,
        ])
}
