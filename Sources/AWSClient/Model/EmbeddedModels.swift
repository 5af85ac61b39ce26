/// The trimmed botocore models, one static JSON string per service (see Generated/).
enum EmbeddedModels {
    static func json(for service: AWSService) -> String {
        switch service {
        case .sts: return sts
        case .secretsmanager: return secretsmanager
        case .cloudtrail: return cloudtrail
        case .logs: return logs
        case .cloudwatch: return cloudwatch
        case .sns: return sns
        case .s3: return s3
        case .iam: return iam
        case .sqs: return sqs
        case .events: return events
        case .resourcegroupstaggingapi: return resourcegroupstaggingapi
        case .sso: return sso
        case .athena: return athena
        case .lambda: return lambda
        }
    }
}
