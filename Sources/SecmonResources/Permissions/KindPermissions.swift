import AWSClient
import SecmonCore
import SecmonPlan

/// What each resource kind's driver calls, by phase, as IAM actions. The single list the
/// least-privilege policy (`secmon iam-policy`) is built from; a test fails when a driver
/// calls an operation no entry here covers (Tests/SecmonResourcesTests/PermissionsTests).
public struct KindPermissions: Sendable {
    public var kind: String
    /// `plan` reads every kind: the stack's resources by name, and the account's owned ones
    /// (found by their tags, so these cover every resource of the kind).
    public var read: [IAMAction]
    public var create: [IAMAction]
    public var update: [IAMAction]
    public var delete: [IAMAction]

    /// What releasing a retained resource (`lifecycle: retain`) calls: the update actions that
    /// remove tags (S3 rewrites or deletes the whole set through PutBucketTagging's permission).
    public var release: [IAMAction] {
        update.filter { action in
            [":UntagResource", ":UntagRole", ":RemoveTags"].contains(where: action.name.hasSuffix)
                || action.name == "s3:PutBucketTagging"
        }
    }

    public static let all: [KindPermissions] = [secret, bucket, logGroup, metricFilter, role, trail, alarm, topic, subscription,
                                                eventRule, eventTarget]

    /// The kinds the tagging API covers (StackOwnership) share one paged read of what the
    /// stack owns; a caller without it still plans, reading tags one resource at a time.
    static let ownershipIndex = IAMAction("tag:GetResources", .any,
                                          "finds what the stack owns, with its tags, in one paged call (without it: a tag read per resource)")

    public static func of(_ kind: String) -> KindPermissions? { all.first { $0.kind == kind } }

    static let secret = KindPermissions(
        kind: "secret",
        read: [.init("secretsmanager:DescribeSecret", .any, "reads the secret's settings and tags (never its value)"),
               .init("secretsmanager:ListSecrets", .any, "finds secrets the stack owns by their secmon:stack tag")],
        create: [.init("secretsmanager:CreateSecret", .own, "creates the secret, its first value and tags in one call"),
                 .init("secretsmanager:TagResource", .own, "tags given in CreateSecret need it too"),
                 .init("secretsmanager:RestoreSecret", .own, "brings back a secret of that name scheduled for deletion")],
        update: [.init("secretsmanager:UpdateSecret", .own, "changes description or KMS key"),
                 .init("secretsmanager:PutSecretValue", .own, "writes a new value when value_version changes"),
                 .init("secretsmanager:TagResource", .own, "adds or changes tags"),
                 .init("secretsmanager:UntagResource", .own, "removes tags")],
        delete: [.init("secretsmanager:DeleteSecret", .own, "schedules the secret's deletion after its recovery window")])

    static let bucket = KindPermissions(
        kind: "bucket",
        read: [.init("s3:ListAllMyBuckets", .any, "ListBuckets: finds buckets the stack owns"),
               ownershipIndex,
               .init("s3:GetBucketTagging", .any, "reads tags, to tell owned buckets from others"),
               .init("s3:GetBucketPolicy", .any, "reads the delivery policy"),
               .init("s3:GetEncryptionConfiguration", .any, "GetBucketEncryption"),
               .init("s3:GetLifecycleConfiguration", .any, "GetBucketLifecycleConfiguration: log expiry"),
               .init("s3:GetBucketPublicAccessBlock", .any, "GetPublicAccessBlock")],
        create: [.init("s3:CreateBucket", .own, "creates the bucket"),
                 .init("s3:PutBucketTagging", .own, "tags it (S3 cannot tag in CreateBucket)"),
                 .init("s3:PutBucketPolicy", .own, "lets CloudTrail deliver to it"),
                 .init("s3:PutEncryptionConfiguration", .own, "PutBucketEncryption"),
                 .init("s3:PutLifecycleConfiguration", .own, "PutBucketLifecycleConfiguration: log expiry"),
                 .init("s3:PutBucketPublicAccessBlock", .own, "PutPublicAccessBlock"),
                 .init("s3:ListBucketVersions", .own, "ListObjectVersions: checks a bucket left over by an earlier failed create is empty")],
        update: [.init("s3:PutBucketTagging", .own, "changes tags"),
                 .init("s3:PutBucketPolicy", .own, "changes the policy"),
                 .init("s3:DeleteBucketPolicy", .own, "removes the policy"),
                 .init("s3:PutEncryptionConfiguration", .own, "changes encryption"),
                 .init("s3:PutLifecycleConfiguration", .own, "changes or removes (DeleteBucketLifecycle) log expiry"),
                 .init("s3:PutBucketPublicAccessBlock", .own, "changes or removes (DeletePublicAccessBlock) the block")],
        delete: [.init("s3:ListBucketVersions", .own, "ListObjectVersions: is the bucket empty (force_destroy empties it)"),
                 .init("s3:DeleteObject", .ownObjects, "DeleteObjects: empties the bucket with force_destroy"),
                 .init("s3:DeleteObjectVersion", .ownObjects, "DeleteObjects on versions, with force_destroy"),
                 .init("s3:DeleteBucket", .own, "deletes the bucket")])

    static let logGroup = KindPermissions(
        kind: "log_group",
        read: [.init("logs:DescribeLogGroups", .any, "reads log groups (no resource-level permission)"),
               ownershipIndex,
               .init("logs:ListTagsForResource", .any, "reads tags, to tell owned log groups from others")],
        create: [.init("logs:CreateLogGroup", .own, "creates the log group with its tags"),
                 .init("logs:TagResource", .own, "tags given in CreateLogGroup need it too"),
                 .init("logs:PutRetentionPolicy", .own, "sets retention_days"),
                 .init("logs:AssociateKmsKey", .own, "sets kms_key")],
        update: [.init("logs:PutRetentionPolicy", .own, "changes retention_days"),
                 .init("logs:DeleteRetentionPolicy", .own, "removes retention_days"),
                 .init("logs:AssociateKmsKey", .own, "changes kms_key"),
                 .init("logs:DisassociateKmsKey", .own, "removes kms_key"),
                 .init("logs:TagResource", .own, "adds or changes tags"),
                 .init("logs:UntagResource", .own, "removes tags")],
        delete: [.init("logs:DeleteLogGroup", .own, "deletes the log group")])

    static let metricFilter = KindPermissions(
        kind: "metric_filter",
        read: [.init("logs:DescribeMetricFilters", .any, "reads metric filters (no resource-level permission)")],
        create: [.init("logs:PutMetricFilter", .referenced(property: "log_group", kind: "log_group"), "creates the filter on its log group")],
        update: [.init("logs:PutMetricFilter", .referenced(property: "log_group", kind: "log_group"), "rewrites the filter")],
        delete: [.init("logs:DeleteMetricFilter", .referenced(property: "log_group", kind: "log_group"), "deletes the filter")])

    static let role = KindPermissions(
        kind: "role",
        read: [.init("iam:ListRoles", .any, "finds roles the stack owns"),
               .init("iam:GetRole", .any, "reads the role and its trust policy"),
               .init("iam:GetRolePolicy", .any, "reads its inline policy"),
               .init("iam:ListRoleTags", .any, "reads tags, to tell owned roles from others")],
        create: [.init("iam:CreateRole", .own, "creates the role with its trust policy and tags"),
                 .init("iam:TagRole", .own, "tags given in CreateRole need it too"),
                 .init("iam:PutRolePolicy", .own, "writes its inline policy")],
        update: [.init("iam:UpdateRole", .own, "changes the description"),
                 .init("iam:UpdateAssumeRolePolicy", .own, "changes the trust policy"),
                 .init("iam:PutRolePolicy", .own, "changes the inline policy"),
                 .init("iam:DeleteRolePolicy", .own, "removes the inline policy"),
                 .init("iam:TagRole", .own, "adds or changes tags"),
                 .init("iam:UntagRole", .own, "removes tags")],
        delete: [.init("iam:ListRolePolicies", .own, "finds inline policies to delete first"),
                 .init("iam:ListAttachedRolePolicies", .own, "finds managed policies to detach first"),
                 .init("iam:DeleteRolePolicy", .own, "deletes inline policies"),
                 .init("iam:DetachRolePolicy", .own, "detaches managed policies"),
                 .init("iam:DeleteRole", .own, "deletes the role")])

    static let trail = KindPermissions(
        kind: "trail",
        read: [.init("cloudtrail:DescribeTrails", .any, "finds trails (no resource-level permission)"),
               .init("cloudtrail:GetEventSelectors", .any, "reads which events the trail records"),
               .init("cloudtrail:GetTrailStatus", .any, "reads whether it is logging"),
               .init("cloudtrail:ListTags", .any, "reads tags, to tell owned trails from others")],
        create: [.init("cloudtrail:CreateTrail", .own, "creates the trail with its tags"),
                 .init("cloudtrail:AddTags", .own, "tags given in CreateTrail need it too"),
                 .init("cloudtrail:GetTrail", .own, "after a create that timed out, checks whether it was made"),
                 .init("cloudtrail:PutEventSelectors", .own, "records reads and writes of management events"),
                 .init("cloudtrail:StartLogging", .own, "a new trail does not log until started"),
                 .init("iam:PassRole", .referenced(property: "role", kind: "role"), "hands the delivery role to CloudTrail (only to cloudtrail.amazonaws.com)")],
        update: [.init("cloudtrail:UpdateTrail", .own, "changes bucket, log group or role"),
                 .init("cloudtrail:PutEventSelectors", .own, "changes recorded events"),
                 .init("cloudtrail:StartLogging", .own, "restarts a stopped trail"),
                 .init("cloudtrail:StopLogging", .own, "stops it when the stack sets logging: false"),
                 .init("cloudtrail:AddTags", .own, "adds or changes tags"),
                 .init("cloudtrail:RemoveTags", .own, "removes tags"),
                 .init("iam:PassRole", .referenced(property: "role", kind: "role"), "hands a changed delivery role to CloudTrail")],
        delete: [.init("cloudtrail:DeleteTrail", .own, "deletes the trail")])

    static let alarm = KindPermissions(
        kind: "alarm",
        read: [.init("cloudwatch:DescribeAlarms", .any, "reads alarms (no resource-level permission)"),
               ownershipIndex,
               .init("cloudwatch:ListTagsForResource", .any, "reads tags, to tell owned alarms from others")],
        create: [.init("cloudwatch:PutMetricAlarm", .own, "creates the alarm with its tags"),
                 .init("cloudwatch:TagResource", .own, "tags given in PutMetricAlarm need it too")],
        update: [.init("cloudwatch:PutMetricAlarm", .own, "rewrites the alarm"),
                 .init("cloudwatch:TagResource", .own, "adds or changes tags"),
                 .init("cloudwatch:UntagResource", .own, "removes tags")],
        delete: [.init("cloudwatch:DeleteAlarms", .own, "deletes the alarm")])

    static let topic = KindPermissions(
        kind: "topic",
        read: [.init("sns:ListTopics", .any, "finds topics (no resource-level permission)"),
               ownershipIndex,
               .init("sns:GetTopicAttributes", .any, "reads the topic's settings and policy"),
               .init("sns:ListTagsForResource", .any, "reads tags, to tell owned topics from others")],
        create: [.init("sns:CreateTopic", .own, "creates the topic with its tags"),
                 .init("sns:TagResource", .own, "tags given in CreateTopic need it too"),
                 .init("sns:SetTopicAttributes", .own, "sets display name, KMS key and the policy letting CloudWatch publish")],
        update: [.init("sns:SetTopicAttributes", .own, "changes its settings"),
                 .init("sns:TagResource", .own, "adds or changes tags"),
                 .init("sns:UntagResource", .own, "removes tags")],
        delete: [.init("sns:DeleteTopic", .own, "deletes the topic")])

    static let subscription = KindPermissions(
        kind: "subscription",
        read: [.init("sns:ListSubscriptionsByTopic", .any, "reads a topic's subscriptions"),
               .init("sns:ListSubscriptions", .any, "lists every subscription at once when a stack has many topics")],
        create: [.init("sns:Subscribe", .referenced(property: "topic", kind: "topic"), "subscribes the endpoint to its topic")],
        update: [],
        delete: [.init("sns:Unsubscribe", .any, "removes the subscription (IAM checks it against the subscription, whose ARN AWS assigns)")])

    static let eventRule = KindPermissions(
        kind: "event_rule",
        read: [.init("events:DescribeRule", .any, "reads the rule's pattern and state"),
               .init("events:ListRules", .any, "finds rules the stack owns"),
               .init("events:ListTagsForResource", .any, "reads tags, to tell owned rules from others")],
        create: [.init("events:PutRule", .own, "creates the rule with its tags"),
                 .init("events:TagResource", .own, "tags given in PutRule need it too")],
        update: [.init("events:PutRule", .own, "rewrites the rule's pattern, state and description"),
                 .init("events:TagResource", .own, "adds or changes tags"),
                 .init("events:UntagResource", .own, "removes tags")],
        delete: [.init("events:ListTargetsByRule", .own, "finds targets left on the rule (DeleteRule refuses a rule with targets)"),
                 .init("events:RemoveTargets", .own, "removes them"),
                 .init("events:DeleteRule", .own, "deletes the rule")])

    static let eventTarget = KindPermissions(
        kind: "event_target",
        read: [.init("events:ListTargetsByRule", .any, "reads a rule's targets"),
               .init("events:ListTagsForResource", .any, "reads the rule's tags: a target belongs to the stack owning its rule")],
        create: [.init("events:PutTargets", .referenced(property: "rule", kind: "event_rule"), "adds the target to its rule")],
        update: [.init("events:PutTargets", .referenced(property: "rule", kind: "event_rule"), "rewrites the target")],
        delete: [.init("events:RemoveTargets", .referenced(property: "rule", kind: "event_rule"), "removes the target from its rule")])

    /// The ARN IAM checks for a resource of `kind` named `name` (a pattern: `*` where a part is
    /// unknown, e.g. the account before credentials are known, or the secret's random suffix).
    public static func arns(kind: String, name: String, context: DriverContext) -> [String] {
        switch kind {
        case "secret":
            return ["arn:\(context.partition):secretsmanager:\(context.region):\(context.accountID):secret:\(name)-??????"]
        case "bucket": return [ARN.bucket(name, context)]
        case "log_group", "metric_filter":
            return [ARN.logGroup(name, context), ARN.logGroup(name, context) + ":*"]
        case "role": return [ARN.role(name, context)]
        case "trail": return [ARN.trail(name, context)]
        case "alarm": return [ARN.alarm(name, context)]
        case "topic", "subscription": return [ARN.topic(name, context)]
        case "event_rule", "event_target": return [ARN.eventRule(name, context)]
        default: return ["*"]
        }
    }
}
