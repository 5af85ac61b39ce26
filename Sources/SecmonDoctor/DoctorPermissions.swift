import SecmonCore

/// What doctor and drill call, as IAM actions (see `KindPermissions` for the reconciler's).
/// A test fails when SecmonDoctor calls an operation not covered here.
public enum DoctorPermissions {
    /// Every link doctor reads. Read-only, so on any resource: doctor also follows what the
    /// live pipeline points at, which may lie outside the stack.
    public static let doctor: [IAMAction] = [
        .init("secretsmanager:DescribeSecret", .any, "the secret exists and is not scheduled for deletion"),
        .init("cloudtrail:DescribeTrails", .any, "a trail covers the secret's region"),
        .init("cloudtrail:GetEventSelectors", .any, "the trail records read management events"),
        .init("cloudtrail:GetTrailStatus", .any, "the trail is logging and delivering"),
        .init("s3:GetBucketPolicy", .any, "the trail's bucket lets CloudTrail write its log files"),
        .init("iam:GetRole", .any, "the delivery role trusts CloudTrail"),
        .init("iam:GetRolePolicy", .any, "the delivery role may write to the log group"),
        .init("iam:ListRolePolicies", .any, "finds the delivery role's inline policies"),
        .init("iam:ListAttachedRolePolicies", .any, "finds the delivery role's managed policies"),
        .init("logs:DescribeLogStreams", .any, "events arrive in the log group"),
        .init("logs:DescribeMetricFilters", .any, "the metric filter is there"),
        .init("logs:TestMetricFilter", .any, "the filter matches a read of the secret"),
        .init("cloudwatch:DescribeAlarms", .any, "the alarm watches the filter's metric"),
        .init("cloudwatch:DescribeAlarmHistory", .any, "the alarm has fired and notified before"),
        .init("cloudwatch:GetMetricStatistics", .any, "the metric has data points"),
        .init("sns:GetTopicAttributes", .any, "the topic lets CloudWatch publish"),
        .init("sns:ListSubscriptionsByTopic", .any, "someone is subscribed"),
        .init("sns:GetSubscriptionAttributes", .any, "the subscription is confirmed"),
        .init("events:DescribeRule", .any, "the real-time rule takes read-only management events and matches a read of the secret"),
        .init("events:ListTargetsByRule", .any, "the real-time rule's target is the topic"),
        .init("sqs:GetQueueUrl", .any, "a rule's queue target: finds the queue to read its policy"),
        .init("sqs:GetQueueAttributes", .any, "a rule's queue target: its policy lets EventBridge send to it"),
        .init("lambda:GetPolicy", .any, "a rule's function target: its resource policy lets EventBridge invoke it"),
        .init("cloudwatch:DescribeAlarmsForMetric", .any, "--secret without a stack: finds the alarm on the filter's metric"),
    ]

    /// `who-read`: the secret's recorded reads.
    public static let whoRead: [IAMAction] = [
        .init("cloudtrail:LookupEvents", .any, "who-read: the secret's GetSecretValue events in CloudTrail's event history"),
        .init("logs:FilterLogEvents", .everyOf(kind: "log_group"), "who-read: the reads in the trail's log group"),
        .init("secretsmanager:DescribeSecret", .any, "the secret exists and is not scheduled for deletion"),
        .init("cloudtrail:DescribeTrails", .any, "who-read from S3: the trail's bucket and key prefix"),
        .init("s3:ListBucket", .everyOf(kind: "bucket"), "who-read from S3: each day's CloudTrail log files (ListObjectsV2)"),
        .init("s3:GetObject", .pattern("arn:{partition}:s3:::*/AWSLogs/{account}/CloudTrail/*"),
              "who-read from S3: reads the CloudTrail log files, and no other object"),
    ]

    /// What the drill adds to doctor's reads (it runs doctor when a hop is not reached).
    public static let drill: [IAMAction] = [
        .init("cloudwatch:SetAlarmState", .everyOf(kind: "alarm"), "--from alarm: sets the alarm to ALARM"),
        .init("logs:CreateLogStream", .everyOf(kind: "log_group"), "--from log: a stream for the synthetic event"),
        .init("logs:PutLogEvents", .everyOf(kind: "log_group"), "--from log: writes the synthetic CloudTrail record"),
        .init("logs:DeleteLogStream", .everyOf(kind: "log_group"), "--from log: removes that stream afterwards"),
        .init("logs:FilterLogEvents", .everyOf(kind: "log_group"), "watches the event arrive in the log group"),
        .init("secretsmanager:GetSecretValue", .everyOf(kind: "secret"),
              "--from secret: asks for a version that cannot exist, so the read is recorded and no value returned"),
        .init("sqs:CreateQueue", .pattern("arn:{partition}:sqs:{region}:{account}:secmon-drill-*"), "a temporary queue to catch the notification"),
        .init("sqs:TagQueue", .pattern("arn:{partition}:sqs:{region}:{account}:secmon-drill-*"), "tags given in CreateQueue need it too"),
        .init("sqs:SetQueueAttributes", .pattern("arn:{partition}:sqs:{region}:{account}:secmon-drill-*"), "lets the topic send to it"),
        .init("sqs:GetQueueAttributes", .pattern("arn:{partition}:sqs:{region}:{account}:secmon-drill-*"), "reads its ARN"),
        .init("sqs:ReceiveMessage", .pattern("arn:{partition}:sqs:{region}:{account}:secmon-drill-*"), "waits for the notification"),
        .init("sqs:DeleteQueue", .pattern("arn:{partition}:sqs:{region}:{account}:secmon-drill-*"), "removes the queue afterwards"),
        .init("sns:Subscribe", .everyOf(kind: "topic"), "subscribes the queue to the topic"),
        .init("sns:Unsubscribe", .any, "removes that subscription afterwards"),
    ]
}
