import SecmonCore

extension KindSchema {
    /// A Secrets Manager secret. Its value is never in the stack: only where to read it from.
    public static let secret = KindSchema(
        name: "secret",
        summary: "A Secrets Manager secret. The value comes from an environment variable or a file and is never written in the stack, a plan or a log.",
        taggable: true,
        // `read_pattern`: the filter pattern matching CloudTrail's records of reads of exactly
        // this secret (SecretReadPattern), built from its live ARN; `read_event_pattern`: the same
        // reads as an EventBridge event pattern, for an event_rule.
        attributes: ["name", "arn", SecretReadPattern.attribute, SecretReadPattern.eventAttribute],
        properties: [
            .name(StringConstraints(minLength: 1, maxLength: 512, allowed: .alphanumeric(plus: "/_+=.@-")),
                  "The secret's name."),
            PropertySchema("description", .string(StringConstraints(maxLength: 2048)), .defaultValue(.string("")),
                "What the secret is for."),
            PropertySchema("kms_key", .string(StringConstraints(minLength: 1, maxLength: 2048)), .optional,
                "KMS key id, ARN or alias to encrypt with (default: the account's aws/secretsmanager key)."),
            PropertySchema("value", .object(secretValueSource), .optional, change: .writeOnly,
                "Where the value is read from when it is written: exactly one of `from_env` (an environment variable name) or `from_file` (a path relative to the stack file). Written on create and whenever `value_version` changes; never when an existing secret is adopted. Checked before anything is written: the variable must be set, the file readable, and the value within Secrets Manager's size limit.",
                versionProperty: "value_version"),
            PropertySchema("value_version", .string(StringConstraints(minLength: 1, maxLength: 64, acceptsNumbers: true)),
                .defaultValue(.string("1")), "Bump it to write the value again."),
            PropertySchema("recovery_window_days", .integer(IntegerConstraints(minimum: 7, maximum: 30)),
                .defaultValue(.int(30)), change: .deleteTime,
                "Days a deleted secret can still be restored."),
        ])

    static let secretValueSource = ObjectSchema(
        name: "value source",
        properties: [
            PropertySchema("from_env", .string(StringConstraints(
                minLength: 1, maxLength: 256,
                allowed: .alphanumeric(plus: "_"))), .optional, change: .writeOnly,
                "Name of the environment variable holding the value."),
            PropertySchema("from_file", .string(StringConstraints(minLength: 1, maxLength: 4096)), .optional, change: .writeOnly,
                "Path of a file holding the value, relative to the stack file."),
        ],
        exactlyOneOf: ["from_env", "from_file"])
}
