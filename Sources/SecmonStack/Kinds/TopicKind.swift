import SecmonCore

extension KindSchema {
    /// An SNS topic alarms publish to.
    public static let topic = KindSchema(
        name: "topic",
        summary: "An SNS topic. secmon writes its policy: the account owner, plus sns:Publish for each service in `allow_publish_from`, conditioned on aws:SourceAccount (and for CloudWatch, aws:SourceArn of this account's alarms).",
        taggable: true,
        properties: [
            .name(StringConstraints(
                minLength: 1, maxLength: 256,
                allowed: .alphanumeric(plus: "_-.", "letters, digits, '_' and '-' (and a '.fifo' suffix)"),
                rules: [StringRule("a '.' only in a `.fifo` suffix") { name in
                    let base = name.hasSuffix(".fifo") ? String(name.dropLast(5)) : name
                    return base.contains(".") ? "may contain '.' only in a '.fifo' suffix" : nil
                }]),
                "The topic's name."),
            PropertySchema("display_name", .string(StringConstraints(maxLength: 100)), .optional,
                "Shown as the sender of email notifications."),
            PropertySchema("kms_key", .string(StringConstraints(minLength: 1, maxLength: 2048)), .optional,
                "KMS key to encrypt messages with."),
            PropertySchema("allow_publish_from", .list(.enumeration(["cloudwatch", "cloudtrail", "events"]), maxItems: nil),
                .defaultValue(.list([.string("cloudwatch")])), "Services allowed to publish."),
        ])
}
