import AWSClient
import Foundation

/// Turns observed facts into the checklist: one pure function per link, in pipeline order.
public struct PipelineChecks: Sendable {
    public var target: PipelineTarget
    public var facts: PipelineFacts
    /// The offline filter-pattern evaluator; nil when none is available.
    public var matcher: (any FilterPatternMatching)?

    public init(target: PipelineTarget, facts: PipelineFacts, matcher: (any FilterPatternMatching)?) {
        self.target = target
        self.facts = facts
        self.matcher = matcher
    }

    /// Every link, in the order an event travels.
    public func run() -> Checklist {
        let checks = [
            identity(), secretExists(),
            trailExists(), trailLogging(), trailEvents(), trailRegion(), trailLogGroup(), trailDelivery(), trailBucketPolicy(),
            roleTrust(), rolePermissions(), logGroupEvents(),
            filterExists(), filterMatches(),
            alarmMetric(), alarmCanFire(), alarmActions(), alarmState(), alarmHistory(),
            topicPolicy(), topicEncryption(), topicSubscriptions(), topicDelivery(),
        ] + eventRuleChecks()
        return Checklist(subject: subject, checks: LinkDependencies.rootCauses(checks), notes: target.notes)
    }

    var subject: String {
        let secret = facts.secret.value?.name ?? target.secret
        switch target.origin {
        case .stack(let name): return "secret \(secret) in \(facts.region) (stack \(name))"
        case .discovered: return "secret \(secret) in \(facts.region) (pipeline discovered)"
        }
    }

    // MARK: shared helpers

    /// A link that cannot be judged because what it needs was not observed.
    func notObserved<T>(_ id: String, _ title: String, _ observed: Observed<T>) -> LinkCheck {
        LinkCheck(id: id, title: title, status: .unknown, evidence: observed.reason ?? "not observed")
    }

    /// A link whose part is not there: `fail` with `fix` when AWS says it does not exist (the
    /// evidence made from the reason it gives), `unknown` when it could not be observed.
    func absent<T>(_ id: String, _ title: String, _ observed: Observed<T>, fix: String,
                   evidence: (String) -> String = { $0 }) -> LinkCheck {
        guard case .missing(let reason) = observed else { return notObserved(id, title, observed) }
        return LinkCheck(id: id, title: title, status: .fail, evidence: evidence(reason), fix: fix)
    }

    /// The account: from the caller identity, else from any ARN seen.
    var account: String? {
        facts.identity.value?.account
            ?? facts.secret.value.flatMap { ARN($0.arn)?.account }
            ?? facts.topicArn.flatMap { ARN($0)?.account }
    }

    var partition: String { facts.identity.value?.partition ?? "aws" }
}

/// "just now", "3 min ago", "2 h ago", "4 d ago".
enum Age {
    static func describe(_ date: Date, now: Date) -> String {
        let seconds = max(0, now.timeIntervalSince(date))
        if seconds < 60 { return "just now" }
        if seconds < 3_600 { return "\(Int(seconds / 60)) min ago" }
        if seconds < 86_400 { return "\(Int(seconds / 3_600)) h ago" }
        return "\(Int(seconds / 86_400)) d ago"
    }
}

/// A timestamp for evidence lines, e.g. 2026-11-25T12:00:00Z.
func iso(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}

/// Which links can only be judged once another holds. When the link they depend on fails (or
/// was itself not checked), a dependent that is not ok is reported "not checked because ...":
/// the root is reported once, with its fix, instead of as a cascade of failures.
enum LinkDependencies {
    static let dependsOn: [String: [String]] = [
        "trail.logging": ["trail.exists"], "trail.events": ["trail.exists"], "trail.region": ["trail.exists"],
        "trail.log_group": ["trail.exists"], "trail.bucket_policy": ["trail.exists"],
        // The delivery role is the one the trail names for its log group, and its permissions are
        // checked against that log group: a trail that does not deliver there leaves nothing to check.
        "trail.delivery": ["trail.exists", "trail.log_group"],
        "role.trust": ["trail.exists", "trail.log_group"],
        "role.permissions": ["trail.exists", "trail.log_group"],
        "filter.matches": ["filter.exists"],
        "rule.state": ["rule.exists"], "rule.matches": ["rule.exists"], "rule.target": ["rule.exists"],
        "rule.target_access": ["rule.exists"],
        "topic.events_policy": ["rule.target"],
    ]

    static func rootCauses(_ checks: [LinkCheck]) -> [LinkCheck] {
        var byId: [String: LinkCheck] = [:]
        var out: [LinkCheck] = []
        for var check in checks {
            if check.status != .ok,
               let root = dependsOn[check.id]?.compactMap({ byId[$0] }).first(where: { $0.status == .fail || $0.status == .notChecked }) {
                check.status = .notChecked
                check.fix = nil
                check.evidence = root.status == .fail
                    ? "not checked because \(root.id) fails: \(root.evidence)"
                    : root.evidence
            }
            byId[check.id] = check
            out.append(check)
        }
        return out
    }
}
