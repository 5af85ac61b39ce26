/// EventBridge rules that would never tell anyone about a read.
enum EventRuleLints {
    /// The detail type of CloudTrail's API call events, read-only ones included.
    static let apiCallDetailType = "AWS API Call via CloudTrail"

    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        for rule in stack.all("event_rule") {
            let pattern = stack.offlineText(rule, "event_pattern") ?? ""
            if rule.string("state") == "ENABLED", pattern.contains(apiCallDetailType) {
                findings.append(stack.finding(.ruleMissesReadOnlyEvents, on: rule,
                    "event rule '\(rule.id)' has state ENABLED, which leaves out read-only management events such as GetSecretValue: reads of the secret never reach it",
                    fix: "remove state (the default is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS) or set it so"))
            }
            if stack.targets(of: rule).isEmpty {
                findings.append(stack.finding(.ruleWithoutTarget, on: rule,
                    "event rule '\(rule.id)' has no event_target in this stack: it matches and tells nobody",
                    fix: "add an event_target with rule: ${\(rule.id).name} and arn: the topic's ${TOPIC.arn}"))
            }
        }
        return findings
    }
}
