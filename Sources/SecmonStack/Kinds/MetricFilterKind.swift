import SecmonCore

extension KindSchema {
    /// CloudWatch's StandardUnit values.
    public static let standardUnits = [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
        "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
        "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ]

    /// Metric names and namespaces as PutMetricFilter accepts them (no ':', '*' or '$').
    static let metricPart = StringConstraints(minLength: 1, maxLength: 255, forbiddenCharacters: ":*$")

    /// A metric filter turning matching log events into a metric.
    public static let metricFilter = KindSchema(
        name: "metric_filter",
        summary: "A CloudWatch Logs metric filter: each matching log event emits `metric_value` into a metric.",
        taggable: false,
        attributes: ["name", "metric_namespace", "metric_name"],
        // Filter names are unique per log group, not per account.
        identityProperties: ["log_group", "name"],
        properties: [
            .name(StringConstraints(minLength: 1, maxLength: 512, forbiddenCharacters: ":*"), "The filter's name."),
            PropertySchema("log_group", .string(StringConstraints(minLength: 1, maxLength: 512)), .required, change: .replace,
                "The log group's NAME, usually `${trail_logs.name}`.",
                references: ReferenceExpectation(kind: "log_group", attribute: "name", mandatory: false)),
            PropertySchema("pattern", .string(StringConstraints(minLength: 0, maxLength: 1024)), .required,
                "The filter pattern, e.g. `{ $.eventName = \"GetSecretValue\" }`.",
                // Text: a secret it names (its read_pattern) need not exist.
                valueOnly: true),
            PropertySchema("metric_namespace", .string(StringConstraints(
                minLength: 1, maxLength: 255, forbiddenCharacters: ":*$", forbiddenPrefixes: ["AWS/"])),
                .required, "The metric's namespace (not `AWS/...`)."),
            PropertySchema("metric_name", .string(metricPart), .required, "The metric's name."),
            PropertySchema("metric_value", .string(StringConstraints(
                minLength: 1, maxLength: 100,
                rules: [StringRule("a number, or a field such as `$.bytes`") { text in
                    Double(text) != nil || text.hasPrefix("$") ? nil : "must be a number or a field such as $.bytes"
                }], acceptsNumbers: true)),
                .defaultValue(.string("1")), "What each matching event emits."),
            PropertySchema("default_value", .number, .optional, "What is emitted when nothing matches (absent: nothing)."),
            PropertySchema("unit", .enumeration(standardUnits), .optional, "The metric's unit."),
            CommonProperties.tests,
        ])
}
