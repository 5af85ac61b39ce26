import AWSClient
import Foundation
import SecmonAlerts

/// The real-time path's links: CloudTrail's event -> the EventBridge rule -> the topic. Checked
/// only when the pipeline has a rule (a stack's `event_rule` on the secret's reads).
extension PipelineChecks {
    /// The state that lets read-only management events such as GetSecretValue reach a rule.
    static let readOnlyEventsState = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"

    func eventRuleChecks() -> [LinkCheck] {
        guard let name = target.eventRuleName else { return [] }
        return [ruleExists(name), ruleState(), ruleMatches(), ruleTarget(), topicEventsPolicy()] + targetAccess()
    }

    func ruleExists(_ name: String) -> LinkCheck {
        let id = "rule.exists", title = "EventBridge rule exists"
        switch facts.eventRule {
        case .value(let rule):
            return LinkCheck(id: id, title: title, status: .ok, evidence: "rule \(rule.name) on the default event bus")
        case .missing:
            return LinkCheck(id: id, title: title, status: .fail, evidence: "rule \(name) does not exist",
                             fix: "Create it with `secmon apply` (an `event_rule` with `event_pattern: ${SECRET.read_event_pattern}`).")
        default:
            return notObserved(id, title, facts.eventRule)
        }
    }

    func ruleState() -> LinkCheck {
        let id = "rule.state", title = "Rule takes read-only management events"
        guard let rule = facts.eventRule.value else { return notObserved(id, title, facts.eventRule) }
        if rule.state == Self.readOnlyEventsState {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "state \(rule.state)")
        }
        let why = rule.state == "DISABLED" ? "the rule is disabled"
            : "state \(rule.state) leaves out read-only management events such as GetSecretValue"
        return LinkCheck(id: id, title: title, status: .fail, evidence: why,
                         fix: "Set the rule's state to \(Self.readOnlyEventsState) (secmon's default; lint SM115).")
    }

    func ruleMatches() -> LinkCheck {
        let id = "rule.matches", title = "Rule pattern matches a read of the secret"
        guard let rule = facts.eventRule.value else { return notObserved(id, title, facts.eventRule) }
        let pattern: EventPattern
        do throws(EventPatternError) { pattern = try EventPattern(rule.pattern ?? "") } catch {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "the rule's pattern is not one secmon can read: \(error.message)",
                             fix: "Use `event_pattern: ${SECRET.read_event_pattern}`.")
        }
        let samples = SecretReadEvent.samples(
            secretName: facts.secret.value?.name ?? target.secret, secretArn: facts.secret.value?.arn,
            account: account ?? "123456789012", region: facts.region, time: facts.readAt)
        var matched: [String] = [], missed: [String] = []
        for sample in samples {
            let event = (try? EventJSONParser.parse(sample.event.json)).map(CloudTrailEventEnvelope.event)
            if event.map(pattern.matches) == true { matched.append(sample.label) } else { missed.append(sample.label) }
        }
        let fix = "Match reads of exactly this secret: in a stack, `event_pattern: ${SECRET.read_event_pattern}`."
        if missed.isEmpty {
            return LinkCheck(id: id, title: title, status: .ok,
                             evidence: "matches a GetSecretValue \(matched.joined(separator: " and ")) (secmon's evaluator)")
        }
        if matched.isEmpty {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "matches no GetSecretValue of this secret", fix: fix)
        }
        return LinkCheck(id: id, title: title, status: .warn,
                         evidence: "matches a GetSecretValue \(matched.joined(separator: ", ")) but not \(missed.joined(separator: ", "))",
                         fix: fix)
    }

    func ruleTarget() -> LinkCheck {
        let id = "rule.target", title = "Rule delivers to the topic"
        guard let rule = facts.eventRule.value else { return notObserved(id, title, facts.eventRule) }
        guard let topic = facts.topicArn else {
            return LinkCheck(id: id, title: title, status: .unknown, evidence: "no topic to compare the rule's targets with")
        }
        if rule.targetArns.contains(topic) {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "target \(topic)")
        }
        let others = rule.targetArns.isEmpty ? "the rule has no targets" : "its targets are \(rule.targetArns.joined(separator: ", "))"
        return LinkCheck(id: id, title: title, status: .fail, evidence: "the rule does not deliver to \(topic): \(others)",
                         fix: "Add an `event_target` with `rule: ${RULE.name}` and `arn: ${TOPIC.arn}`.")
    }

    func topicEventsPolicy() -> LinkCheck {
        let id = "topic.events_policy", title = "Topic policy lets EventBridge publish"
        guard let topic = facts.topic.value else { return notObserved(id, title, facts.topic) }
        let fix = "Allow events.amazonaws.com sns:Publish on the topic (`allow_publish_from: [cloudwatch, events]`)."
        guard let policy = topic.policy.flatMap({ PolicyDocument(json: $0) }) else {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "topic \(topic.name) has no readable access policy", fix: fix)
        }
        let verdict = ResourcePolicyAccess(policy: policy, resourceArn: topic.arn, account: account ?? ARN(topic.arn)?.account ?? "",
                                         sourceArn: facts.eventRule.value?.arn, service: "events.amazonaws.com").evaluate()
        switch verdict {
        case .allowed(let why): return LinkCheck(id: id, title: title, status: .ok, evidence: why)
        case .denied(let why): return LinkCheck(id: id, title: title, status: .fail, evidence: why, fix: fix)
        case .unclear(let why): return LinkCheck(id: id, title: title, status: .unknown, evidence: why)
        }
    }

    /// `rule.target_access`, listed only when the rule delivers to a queue or a function: each
    /// one's resource policy lets events.amazonaws.com send to it (sqs:SendMessage) or invoke it
    /// (lambda:InvokeFunction) for this rule (aws:SourceArn) and account. EventBridge needs that
    /// policy for these targets (a role is used only for targets that take one).
    func targetAccess() -> [LinkCheck] {
        guard !facts.targetPolicies.isEmpty, let rule = facts.eventRule.value else { return [] }
        let id = "rule.target_access", title = "Queue and function targets let EventBridge deliver"
        var ok: [String] = [], failed: [String] = [], unknown: [String] = [], fixes: [String] = []
        for target in facts.targetPolicies {
            let name = target.name
            let label = "\(target.kind.rawValue) \(name)"
            let (action, verb) = target.kind == .queue ? ("sqs:SendMessage", "send messages") : ("lambda:InvokeFunction", "invoke it")
            let fix = target.kind == .queue
                ? "Give queue \(name) a policy allowing events.amazonaws.com sqs:SendMessage with aws:SourceArn \(rule.arn)."
                : "Run `aws lambda add-permission --function-name \(target.arn) --statement-id secmon-events --action lambda:InvokeFunction --principal events.amazonaws.com --source-arn \(rule.arn)`."
            switch target.policy {
            case .value(let text):
                guard let policy = PolicyDocument(json: text) else {
                    failed.append("\(label): its policy is not a readable policy document"); fixes.append(fix); continue
                }
                let verdict = ResourcePolicyAccess(policy: policy, resourceArn: target.arn, account: account ?? ARN(rule.arn)?.account ?? "",
                                                   sourceArn: rule.arn, service: "events.amazonaws.com", action: action, verb: verb,
                                                   policyName: "its policy").evaluate()
                switch verdict {
                case .allowed(let why): ok.append("\(label): \(why)")
                case .denied(let why): failed.append("\(label): \(why)"); fixes.append(fix)
                case .unclear(let why): unknown.append("\(label): \(why)")
                }
            case .missing(let why):
                failed.append("\(label): \(why)"); fixes.append(fix)
            default:
                unknown.append("\(label): \(target.policy.reason ?? "not read")")
            }
        }
        let evidence = (failed + unknown + ok).joined(separator: "; ")
        if !failed.isEmpty {
            return [LinkCheck(id: id, title: title, status: .fail, evidence: evidence, fix: fixes.joined(separator: " "))]
        }
        return [LinkCheck(id: id, title: title, status: unknown.isEmpty ? .ok : .unknown, evidence: evidence)]
    }
}
