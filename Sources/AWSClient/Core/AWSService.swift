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
    /// The IAM Identity Center portal (GetRoleCredentials for SSO profiles).
    case sso
    case athena
}
