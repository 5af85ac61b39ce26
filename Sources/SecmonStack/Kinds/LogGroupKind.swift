import SecmonCore

extension KindSchema {
    /// The retention values CloudWatch Logs accepts (PutRetentionPolicy).
    public static let logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
                                          1827, 2192, 2557, 2922, 3288, 3653]

    /// A CloudWatch Logs log group (CloudTrail delivers events here).
    public static let logGroup = KindSchema(
        name: "log_group",
        summary: "A CloudWatch Logs log group.",
        taggable: true,
        properties: [
            .name(StringConstraints(minLength: 1, maxLength: 512, allowed: .alphanumeric(plus: ".-_/#")),
                  "The log group's name."),
            PropertySchema("retention_days", .integer(IntegerConstraints(allowedValues: logRetentionDays)), .optional,
                "Days to keep events (absent: never expire)."),
            PropertySchema("kms_key", .string(StringConstraints(minLength: 1, maxLength: 256)), .optional,
                "KMS key ARN to encrypt with."),
        ])
}
