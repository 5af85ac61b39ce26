import SecmonCore

extension KindSchema {
    /// A subscription to a topic (owned through its topic, so no tags).
    public static let subscription = KindSchema(
        name: "subscription",
        summary: "A subscription to a topic. Email subscriptions stay pending until the recipient confirms.",
        taggable: false,
        attributes: ["arn"],
        identityProperties: ["topic", "protocol", "endpoint"],
        properties: [
            PropertySchema("topic", .string(.arn()), .required, change: .replace,
                "The topic's ARN, usually `${alerts.arn}`.",
                references: ReferenceExpectation(kind: "topic", attribute: "arn", mandatory: false)),
            PropertySchema("protocol", .enumeration(["email", "email-json", "https", "sqs", "lambda"]), .required,
                change: .replace, "How notifications are delivered."),
            PropertySchema("endpoint", .string(StringConstraints(minLength: 1, maxLength: 2048)), .required, change: .replace,
                "An email address, an https URL, or a queue / function ARN, per `protocol`."),
        ],
        rules: [
            CrossFieldRule("`endpoint` fits `protocol`") { r in
                guard let proto = r.value("protocol")?.stringValue, let endpoint = r.value("endpoint")?.stringValue else { return [] }
                let problem: String?
                switch proto {
                case "email", "email-json":
                    let parts = endpoint.split(separator: "@", omittingEmptySubsequences: false)
                    problem = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !endpoint.contains(" ")
                        ? nil : "is not an email address"
                case "https":
                    problem = endpoint.hasPrefix("https://") && endpoint.count > 8 ? nil : "is not an https:// URL"
                case "sqs":
                    problem = endpoint.hasPrefix("arn:") && endpoint.contains(":sqs:") ? nil : "is not an SQS queue ARN"
                case "lambda":
                    problem = endpoint.hasPrefix("arn:") && endpoint.contains(":lambda:") ? nil : "is not a Lambda function ARN"
                default:
                    problem = nil
                }
                return problem.map { [r.error("endpoint '\(endpoint)' \($0) (protocol \(proto)) in \(r.label)", at: "endpoint")] } ?? []
            },
        ])
}
