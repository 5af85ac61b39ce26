import SecmonCore

extension KindSchema {
    /// A CloudTrail trail delivering management events to S3 and, optionally, CloudWatch Logs.
    public static let trail = KindSchema(
        name: "trail",
        summary: "A CloudTrail trail recording management events to a bucket and, optionally, a log group.",
        taggable: true,
        properties: [
            .name(trailName, "The trail's name."),
            PropertySchema("bucket", .string(StringConstraints(minLength: 3, maxLength: 63)), .required,
                "The bucket's name, usually `${trail_bucket.name}`.",
                references: ReferenceExpectation(kind: "bucket", attribute: "name", mandatory: false)),
            PropertySchema("key_prefix", .string(StringConstraints(maxLength: 200)), .optional,
                "Prefix of the log objects' keys."),
            PropertySchema("log_group", .string(.arn()), .optional,
                "Log group ARN for CloudWatch Logs delivery, usually `${trail_logs.arn}`.",
                references: ReferenceExpectation(kind: "log_group", attribute: "arn", mandatory: false)),
            PropertySchema("role", .string(.arn()), .optional,
                "Role ARN CloudTrail assumes to deliver to the log group, usually `${trail_role.arn}`; required with `log_group`.",
                references: ReferenceExpectation(kind: "role", attribute: "arn", mandatory: false)),
            PropertySchema("management_events", .enumeration(["all", "read_only", "write_only", "none"]),
                .defaultValue(.string("all")), "Which management events to record."),
            PropertySchema("include_global_service_events", .boolean, .defaultValue(.bool(true)),
                "Record events of global services such as IAM."),
            PropertySchema("multi_region", .boolean, .defaultValue(.bool(true)), "Record every region."),
            PropertySchema("log_file_validation", .boolean, .defaultValue(.bool(true)), "Write digest files."),
            PropertySchema("logging", .boolean, .defaultValue(.bool(true)), "Whether the trail is recording."),
            PropertySchema("sns_topic", .string(.arn()), .optional,
                "Topic ARN notified of each log file delivery, e.g. `${alerts.arn}`.",
                references: ReferenceExpectation(kind: "topic", attribute: "arn", mandatory: false)),
            PropertySchema("kms_key", .string(StringConstraints(minLength: 1, maxLength: 2048)), .optional,
                "KMS key to encrypt log files with."),
        ],
        rules: [
            CrossFieldRule("`role` is required when `log_group` is set (and only then)") { r in
                if r.has("log_group"), !r.has("role") {
                    return [r.error("\(r.label) sets log_group but no role: CloudTrail needs a role to deliver to CloudWatch Logs", at: "log_group")]
                }
                if r.has("role"), !r.has("log_group") {
                    return [r.error("\(r.label) sets role but no log_group: the role is only used for CloudWatch Logs delivery", at: "role")]
                }
                return []
            },
        ])

    /// CloudTrail's naming rules (CreateTrail documentation).
    static let trailName = StringConstraints(
        minLength: 3, maxLength: 128,
        allowed: .alphanumeric(plus: "._-", "letters, digits, '.', '_' and '-'"),
        rules: [
            NamingRules.startsAndEndsAlphanumeric("letter or digit"),
            StringRule("no adjacent `.`, `_` or `-` (such as `..`, `_.` or `-_`)") { name in
                let scalars = Array(name.unicodeScalars)
                for (a, b) in zip(scalars, scalars.dropFirst()) where "._-".unicodeScalars.contains(a) && "._-".unicodeScalars.contains(b) {
                    return "may not contain '\(Character(a))\(Character(b))'"
                }
                return nil
            },
            NamingRules.notAnIPAddress,
        ])
}
