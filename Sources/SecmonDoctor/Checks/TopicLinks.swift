import AWSClient
import Foundation

extension PipelineChecks {
    func topicPolicy() -> LinkCheck {
        let id = "topic.policy", title = "Topic exists and its policy lets CloudWatch publish"
        let fix = "Allow cloudwatch.amazonaws.com sns:Publish on the topic (`allow_publish_from: [cloudwatch]`)."
        guard let topic = facts.topic.value else {
            return absent(id, title, facts.topic, fix: "Create the topic (a `topic` resource) and add it to the alarm's actions.") { reason in
                facts.topicArn.map { "topic \($0) does not exist" } ?? reason
            }
        }
        guard let text = topic.policy else {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "topic \(topic.name) has no access policy", fix: fix)
        }
        guard let policy = PolicyDocument(json: text) else {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "the policy of topic \(topic.name) is not valid JSON", fix: fix)
        }
        let verdict = ResourcePolicyAccess(policy: policy, resourceArn: topic.arn, account: account ?? ARN(topic.arn)?.account ?? "",
                                         sourceArn: alarmArn).evaluate()
        switch verdict {
        case .allowed(let why): return LinkCheck(id: id, title: title, status: .ok, evidence: why)
        case .denied(let why): return LinkCheck(id: id, title: title, status: .fail, evidence: why, fix: fix)
        case .unclear(let why): return LinkCheck(id: id, title: title, status: .unknown, evidence: why)
        }
    }

    /// The alarm's ARN (for aws:SourceArn conditions): as reported, else built from its name.
    var alarmArn: String? {
        if let arn = facts.alarm.value?.arn, !arn.isEmpty { return arn }
        guard let name = target.alarmName, let account else { return nil }
        return "arn:\(partition):cloudwatch:\(facts.region):\(account):alarm:\(name)"
    }

    func topicEncryption() -> LinkCheck {
        let id = "topic.encryption", title = "Topic encryption lets CloudWatch publish"
        guard let topic = facts.topic.value else { return notObserved(id, title, facts.topic) }
        guard let key = topic.kmsKeyId else {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "topic \(topic.name) is not encrypted with KMS")
        }
        if key == "alias/aws/sns" || key.hasSuffix(":alias/aws/sns") {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "topic \(topic.name) uses the AWS managed key alias/aws/sns, which CloudWatch cannot use",
                             fix: "Use a customer managed KMS key whose policy lets cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*.")
        }
        return LinkCheck(id: id, title: title, status: .warn,
                         evidence: "topic \(topic.name) uses KMS key \(key); doctor does not read key policies",
                         fix: "Make sure the key policy lets cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*.")
    }

    func topicSubscriptions() -> LinkCheck {
        let id = "topic.subscriptions", title = "Subscriptions are confirmed"
        guard let subscriptions = facts.subscriptions.value else { return notObserved(id, title, facts.subscriptions) }
        let active = subscriptions.filter { $0.arn != "Deleted" }
        for expected in target.expectedSubscriptions
        where !active.contains(where: { $0.protocol == expected.protocol && $0.endpoint == expected.endpoint }) {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "no \(expected.protocol) subscription for \(expected.endpoint) (the stack declares one)",
                             fix: "Subscribe it again with `secmon apply`, then confirm from the message it receives.")
        }
        if active.isEmpty {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "the topic has no subscriptions",
                             fix: "Subscribe the people to notify (a `subscription` resource) and have them confirm.")
        }
        let pending = active.filter(\.pendingConfirmation)
        let fix = "Confirm from the link in the subscription message (or resubscribe with `secmon apply` to send it again)."
        let who = pending.map { "\($0.protocol) \($0.endpoint)" }.joined(separator: ", ")
        if pending.count == active.count {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "\(pending.count) of \(active.count) subscriptions pending confirmation (\(who))", fix: fix)
        }
        if !pending.isEmpty {
            return LinkCheck(id: id, title: title, status: .warn,
                             evidence: "\(pending.count) of \(active.count) subscriptions pending confirmation (\(who))", fix: fix)
        }
        let list = active.map { "\($0.protocol) \($0.endpoint)" }.joined(separator: ", ")
        return LinkCheck(id: id, title: title, status: .ok, evidence: "\(active.count) confirmed: \(list)")
    }

    func topicDelivery() -> LinkCheck {
        let id = "topic.delivery", title = "No failed notifications in the last day"
        guard let failed = facts.failedNotifications.value else { return notObserved(id, title, facts.failedNotifications) }
        if failed > 0 {
            return LinkCheck(id: id, title: title, status: .warn,
                             evidence: "\(AlarmFiring.format(failed)) notification(s) failed in the last day (AWS/SNS NumberOfNotificationsFailed)",
                             fix: "Check the subscriptions' endpoints; for email, the address must accept mail from no-reply@sns.amazonaws.com.")
        }
        return LinkCheck(id: id, title: title, status: .ok, evidence: "no failed notifications in the last day")
    }
}

/// Whether a topic policy lets a service (CloudWatch for this account's alarm, EventBridge for
/// its rule) publish.
/// Whether a resource policy (a topic's, a queue's, a function's) lets a service principal act
/// on the resource on this account's behalf: IAM's evaluation with the request's
/// aws:SourceAccount and, when known, aws:SourceArn (the alarm's or the rule's ARN).
struct ResourcePolicyAccess {
    enum Verdict: Equatable { case allowed(String), denied(String), unclear(String) }

    var policy: PolicyDocument
    var resourceArn: String
    var account: String
    /// The alarm's or the rule's ARN, for aws:SourceArn conditions.
    var sourceArn: String?
    var service = "cloudwatch.amazonaws.com"
    var action = "sns:Publish"
    /// What the action does, for the evidence: "publish", "send messages", "invoke it".
    var verb = "publish"
    /// Whose policy it is, for the evidence: "the topic policy".
    var policyName = "the topic policy"

    func evaluate() -> Verdict {
        var context = ["aws:SourceAccount": account, "aws:SourceOwner": account]
        if let sourceArn { context["aws:SourceArn"] = sourceArn }
        let request = PolicyRequest(service: service, action: action, resource: resourceArn, context: context)
        switch PolicyEvaluator.evaluate([policy], request) {
        case .allowed(let statement):
            let who = statement.servicePrincipals.contains(service) ? service : "any principal of account \(account)"
            return .allowed("statement \(statement.label) lets \(who) \(verb)")
        case .explicitlyDenied(let statement):
            return .denied("statement \(statement.label) denies \(action) to \(service)")
        case .implicitlyDenied:
            return .denied("no statement of \(policyName) lets \(service) \(verb)")
        case .undetermined(let why):
            return .unclear("doctor cannot tell whether \(service) may \(verb): \(why)")
        }
    }
}
