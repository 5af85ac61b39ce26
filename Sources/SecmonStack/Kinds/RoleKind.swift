import SecmonCore

extension KindSchema {
    /// An IAM role a service assumes (CloudTrail, to write to CloudWatch Logs).
    public static let role = KindSchema(
        name: "role",
        summary: "An IAM role that an AWS service assumes, with an inline policy.",
        taggable: true,
        properties: [
            .name(StringConstraints(minLength: 1, maxLength: 64, allowed: .alphanumeric(plus: "+=,.@_-")), "The role's name."),
            PropertySchema("description", .string(StringConstraints(
                maxLength: 1000,
                allowed: CharacterSetRule(ranges: [" "..."~", "\u{A1}"..."\u{FF}"], extra: "\t\n\r",
                                          description: "printable Latin-1 characters"))), .optional,
                "What the role is for."),
            PropertySchema("trusted_service", .string(StringConstraints(
                minLength: 1, maxLength: 256,
                allowed: CharacterSetRule(ranges: ["a"..."z", "0"..."9"], extra: ".-", description: "lowercase letters, digits, '.' and '-'"),
                rules: [StringRule("a service principal such as `cloudtrail.amazonaws.com`") { text in
                    text.hasSuffix(".amazonaws.com") || text.hasSuffix(".amazonaws.com.cn")
                        ? nil : "must be a service principal such as cloudtrail.amazonaws.com"
                }])),
                .required, "The service principal allowed to assume the role."),
            PropertySchema("allow_cloudtrail_logs", .string(.arn()), .optional,
                "A log group ARN (usually `${trail_logs.arn}`): adds a statement allowing logs:CreateLogStream and logs:PutLogEvents on `<arn>:log-stream:*`.",
                references: ReferenceExpectation(kind: "log_group", attribute: "arn", mandatory: false),
                // IAM takes any ARN in a policy: the log group need not exist yet.
                valueOnly: true),
            PropertySchema("policy", .list(.object(policyStatement), maxItems: nil), .optional,
                "Inline policy statements.", valueOnly: true),
        ])

    static let policyStatement = ObjectSchema(
        name: "policy statement",
        properties: [
            PropertySchema("sid", .string(StringConstraints(
                minLength: 1, maxLength: 128, allowed: .alphanumeric(plus: "", "letters and digits"))), .optional,
                "Statement id."),
            PropertySchema("effect", .enumeration(["Allow", "Deny"]), .defaultValue(.string("Allow")), "Allow or Deny."),
            PropertySchema("actions", .list(.string(StringConstraints(minLength: 1, maxLength: 256)), maxItems: nil), .required,
                "Actions such as `logs:PutLogEvents`."),
            PropertySchema("resources", .list(.string(StringConstraints(minLength: 1, maxLength: 2048)), maxItems: nil), .required,
                "Resource ARNs (references allowed)."),
        ])
}
