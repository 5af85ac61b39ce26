extension AWSService {
    /// botocore `metadata.serviceId`, the name the endpoint-override settings are keyed by.
    public var serviceID: String {
        switch self {
        case .sts: return "STS"
        case .secretsmanager: return "Secrets Manager"
        case .cloudtrail: return "CloudTrail"
        case .logs: return "CloudWatch Logs"
        case .cloudwatch: return "CloudWatch"
        case .sns: return "SNS"
        case .s3: return "S3"
        case .iam: return "IAM"
        case .sqs: return "SQS"
        case .events: return "EventBridge"
        case .resourcegroupstaggingapi: return "Resource Groups Tagging API"
        case .sso: return "SSO"
        case .athena: return "Athena"
        case .lambda: return "Lambda"
        }
    }

    /// `AWS_ENDPOINT_URL_<THIS>`: the service id upper-cased, spaces to underscores.
    public var endpointURLEnvironmentVariable: String {
        "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacingSpaces()
    }

    /// The key of this service in a `[services x]` section: lower-cased, spaces to underscores.
    var configFileKey: String { serviceID.lowercased().replacingSpaces() }
}

private extension String {
    func replacingSpaces() -> String { String(map { $0 == " " ? "_" : $0 }) }
}
