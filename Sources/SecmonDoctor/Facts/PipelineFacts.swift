import AWSClient
import Foundation

/// Everything doctor observed of one live pipeline: plain data, so the checks are pure
/// functions of it and can be tested without any client.
public struct PipelineFacts: Sendable {
    /// The region the client talks to; the secret is looked up there.
    public var region: String
    /// When the facts were read; ages ("3 min ago") are measured from here.
    public var readAt: Date
    public var identity: Observed<CallerIdentity>
    public var secret: Observed<SecretPart>
    public var trail: Observed<TrailPart>
    public var trailStatus: Observed<TrailStatusPart>
    public var eventSelectors: Observed<EventSelectorsPart>
    public var role: Observed<RolePart>
    public var bucketPolicy: Observed<BucketPolicyPart>
    /// The log group checked: the target's, else the trail's.
    public var logGroupName: String?
    public var logActivity: Observed<LogActivityPart>
    public var metricFilter: Observed<MetricFilterPart>
    /// TestMetricFilter's verdict per sample event label ("by name", "by ARN").
    public var serverFilterTest: Observed<[String: Bool]>
    public var alarm: Observed<AlarmPart>
    public var alarmHistory: Observed<[AlarmHistoryItemPart]>
    /// The topic checked: the target's, else the alarm's first SNS action.
    public var topicArn: String?
    public var topic: Observed<TopicPart>
    public var subscriptions: Observed<[SubscriptionPart]>
    /// Sum of AWS/SNS NumberOfNotificationsFailed for the topic over the last day.
    public var failedNotifications: Observed<Double>
    /// The real-time path's rule, when the target names one.
    public var eventRule: Observed<EventRulePart>
    /// The resource policies of the rule's queue and function targets.
    public var targetPolicies: [TargetPolicyPart]

    public init(region: String, readAt: Date,
                identity: Observed<CallerIdentity> = .skipped("not read"),
                secret: Observed<SecretPart> = .skipped("not read"),
                trail: Observed<TrailPart> = .skipped("not read"),
                trailStatus: Observed<TrailStatusPart> = .skipped("not read"),
                eventSelectors: Observed<EventSelectorsPart> = .skipped("not read"),
                role: Observed<RolePart> = .skipped("not read"),
                bucketPolicy: Observed<BucketPolicyPart> = .skipped("not read"),
                logGroupName: String? = nil,
                logActivity: Observed<LogActivityPart> = .skipped("not read"),
                metricFilter: Observed<MetricFilterPart> = .skipped("not read"),
                serverFilterTest: Observed<[String: Bool]> = .skipped("not read"),
                alarm: Observed<AlarmPart> = .skipped("not read"),
                alarmHistory: Observed<[AlarmHistoryItemPart]> = .skipped("not read"),
                topicArn: String? = nil,
                topic: Observed<TopicPart> = .skipped("not read"),
                subscriptions: Observed<[SubscriptionPart]> = .skipped("not read"),
                failedNotifications: Observed<Double> = .skipped("not read"),
                eventRule: Observed<EventRulePart> = .skipped("not read"),
                targetPolicies: [TargetPolicyPart] = []) {
        self.region = region
        self.readAt = readAt
        self.identity = identity
        self.secret = secret
        self.trail = trail
        self.trailStatus = trailStatus
        self.eventSelectors = eventSelectors
        self.role = role
        self.bucketPolicy = bucketPolicy
        self.logGroupName = logGroupName
        self.logActivity = logActivity
        self.metricFilter = metricFilter
        self.serverFilterTest = serverFilterTest
        self.alarm = alarm
        self.alarmHistory = alarmHistory
        self.topicArn = topicArn
        self.topic = topic
        self.subscriptions = subscriptions
        self.failedNotifications = failedNotifications
        self.eventRule = eventRule
        self.targetPolicies = targetPolicies
    }
}
