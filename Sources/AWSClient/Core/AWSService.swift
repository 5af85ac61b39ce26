/// The AWS services secmon talks to, by botocore service name.
public enum AWSService: String, CaseIterable, Sendable, Codable {
    case sts
    case secretsmanager
    case cloudtrail
    case logs
    case cloudwatch
    case sns
    case s3
    case iam
    case sqs
    case events
    /// The Resource Groups Tagging API: which resources carry a tag, many kinds in one call.
    case resourcegroupstaggingapi
    /// The IAM Identity Center portal (GetRoleCredentials for SSO profiles).
    case sso
    case athena
    /// Only to read a function's resource policy (doctor: an event target's permission).
    case lambda
}
