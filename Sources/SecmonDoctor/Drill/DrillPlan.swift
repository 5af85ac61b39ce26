import AWSClient
import Foundation

/// What a drill needs to know about the live pipeline, read before anything is changed.
public struct DrillPlan: Sendable, Hashable {
    public var trigger: DrillTriggerKind
    public var secretName: String
    public var secretArn: String?
    public var account: String
    public var region: String
    public var logGroupName: String?
    public var metricNamespace: String?
    public var metricName: String?
    public var alarmName: String
    public var topicArn: String
    /// Seconds to wait for the notification after the trigger.
    public var timeout: Double
    /// Seconds between observation rounds (also the SQS long-poll wait).
    public var pollInterval: Double
    /// What the drill can time of the real-time path (the EventBridge rule -> the topic).
    public var realTime: RealTimePath

    public init(trigger: DrillTriggerKind, secretName: String, secretArn: String?, account: String, region: String,
                logGroupName: String?, metricNamespace: String?, metricName: String?, alarmName: String,
                topicArn: String, timeout: Double, pollInterval: Double = 10, realTime: RealTimePath = .none) {
        self.trigger = trigger
        self.secretName = secretName
        self.secretArn = secretArn
        self.account = account
        self.region = region
        self.logGroupName = logGroupName
        self.metricNamespace = metricNamespace
        self.metricName = metricName
        self.alarmName = alarmName
        self.topicArn = topicArn
        self.timeout = timeout
        self.pollInterval = pollInterval
        self.realTime = realTime
    }

    /// Reads the target's live state (read-only, like doctor) and checks the drill can start.
    /// The facts are returned too, so a caller can show doctor's view when the drill stops.
    public static func prepare(target: PipelineTarget, trigger: DrillTriggerKind, timeout: Double,
                               client: any AWSCalling, now: Date) async throws -> DrillPlan {
        let facts = await PipelineReader(client: client).read(target, now: now)
        guard let identity = facts.identity.value else {
            throw DrillError("cannot identify the account: \(facts.identity.reason ?? "unknown")")
        }
        guard let alarm = facts.alarm.value else {
            throw DrillError("no alarm to drill: \(facts.alarm.reason ?? "unknown")")
        }
        guard let topic = facts.topicArn, facts.topic.value != nil else {
            throw DrillError("no topic to receive the notification: \(facts.topic.reason ?? "the alarm notifies none")")
        }
        if alarm.stateValue == "ALARM" {
            throw DrillError("alarm \(alarm.name) is already in ALARM, so it would not notify again; wait until it returns to OK")
        }
        let metric = facts.metricFilter.value?.transformations.first
        if trigger != .alarm {
            guard let group = facts.logGroupName, facts.logActivity.value != nil else {
                throw DrillError("no log group to watch: \(facts.logActivity.reason ?? "the trail delivers to none")")
            }
            guard metric != nil else {
                throw DrillError("no metric filter on \(group): \(facts.metricFilter.reason ?? "unknown")")
            }
        }
        if trigger == .secret, facts.secret.value == nil {
            throw DrillError("secret \(target.secret) cannot be described: \(facts.secret.reason ?? "unknown")")
        }
        return DrillPlan(trigger: trigger, secretName: facts.secret.value?.name ?? target.secret,
                         secretArn: facts.secret.value?.arn, account: identity.account, region: facts.region,
                         logGroupName: facts.logGroupName, metricNamespace: metric?.namespace, metricName: metric?.name,
                         alarmName: alarm.name, topicArn: topic, timeout: timeout,
                         realTime: RealTimePath(ruleName: target.eventRuleName, rule: facts.eventRule, trigger: trigger, topicArn: topic))
    }
}

/// What the drill can time of the real-time path: CloudTrail's event of the read -> the
/// EventBridge rule -> its target, the topic -> the drill's queue subscribed to the topic.
public enum RealTimePath: Sendable, Hashable {
    /// The pipeline has no event rule.
    case none
    /// The rule delivers to the topic the drill listens on: its message is waited for.
    case observe(rule: String)
    /// The path exists but this drill cannot see it arrive, and why.
    case notObservable(rule: String, why: String)

    /// Decided before the trigger, from the live rule (read as doctor reads it).
    init(ruleName: String?, rule: Observed<EventRulePart>, trigger: DrillTriggerKind, topicArn: String) {
        guard let ruleName else { self = .none; return }
        guard trigger == .secret else {
            self = .notObservable(rule: ruleName, why: "only a real read (--from secret) goes through CloudTrail to EventBridge; --from \(trigger.rawValue) does not")
            return
        }
        guard let live = rule.value else {
            self = .notObservable(rule: ruleName, why: "rule \(ruleName) cannot be read: \(rule.reason ?? "unknown") (see doctor's rule.exists)")
            return
        }
        guard live.targetArns.contains(topicArn) else {
            // An SQS queue or a Lambda function as the rule's target: the drill listens on the
            // topic only, and reading a user's queue would take its messages.
            let targets = live.targetArns.isEmpty ? "no targets" : live.targetArns.joined(separator: ", ")
            self = .notObservable(rule: ruleName, why: "rule \(ruleName) delivers to \(targets), not to the topic the drill listens on")
            return
        }
        self = .observe(rule: ruleName)
    }
}
