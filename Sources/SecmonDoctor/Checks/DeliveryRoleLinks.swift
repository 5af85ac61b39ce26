import AWSClient
import Foundation

extension PipelineChecks {
    func roleTrust() -> LinkCheck {
        let id = "role.trust", title = "Delivery role trusts CloudTrail"
        let fix = "Let cloudtrail.amazonaws.com assume the role (`trusted_service: cloudtrail.amazonaws.com`)."
        guard let role = facts.role.value else {
            return absent(id, title, facts.role, fix: "Create the delivery role and set it on the trail (`role: ${trail_role.arn}`).")
        }
        guard let text = role.trustPolicy, let policy = PolicyDocument(json: text) else {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "role \(role.name) has no readable trust policy", fix: fix)
        }
        let service = "cloudtrail.amazonaws.com"
        switch PolicyEvaluator.evaluate([policy], PolicyRequest(service: service, action: "sts:AssumeRole", context: trailContext)) {
        case .allowed:
            return LinkCheck(id: id, title: title, status: .ok, evidence: "role \(role.name) trusts \(service)")
        case .explicitlyDenied(let statement):
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "statement \(statement.label) of the trust policy of role \(role.name) denies \(service) sts:AssumeRole", fix: fix)
        case .implicitlyDenied:
            let forTrail = facts.trail.value.map { " for trail \($0.name)" } ?? ""
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "the trust policy of role \(role.name) does not let \(service) assume it\(forTrail)", fix: fix)
        case .undetermined(let why):
            return LinkCheck(id: id, title: title, status: .unknown, evidence: "trust policy of role \(role.name): \(why)")
        }
    }

    func rolePermissions() -> LinkCheck {
        let id = "role.permissions", title = "Delivery role may write to the log group"
        guard let role = facts.role.value else { return notObserved(id, title, facts.role) }
        guard let groupArn = facts.trail.value?.logGroupArn, let parts = ARN(groupArn),
              let group = PipelineReader.logGroupName(fromArn: groupArn) else {
            return LinkCheck(id: id, title: title, status: .unknown, evidence: "the trail names no log group to check against")
        }
        // CloudTrail writes to streams named <account>_CloudTrail_<region>.
        let stream = "arn:\(parts.partition):logs:\(parts.region):\(parts.account):log-group:\(group):log-stream:\(parts.account)_CloudTrail_\(facts.region)"
        let policies = role.inlinePolicies.sorted { $0.key < $1.key }.compactMap { PolicyDocument(json: $0.value) }
        let actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
        let decisions = actions.map { PolicyEvaluator.evaluate(policies, PolicyRequest(service: nil, action: $0, resource: stream)) }
        let fix = "Allow logs:CreateLogStream and logs:PutLogEvents on \(groupArn.hasSuffix(":*") ? String(groupArn.dropLast(2)) : groupArn):log-stream:* (`allow_cloudtrail_logs: ${trail_logs.arn}`)."
        let denied = zip(actions, decisions).filter { if case .explicitlyDenied = $0.1 { return true } else { return false } }.map(\.0)
        if !denied.isEmpty {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "an inline policy of \(role.name) denies \(denied.joined(separator: ", ")) on \(group)", fix: fix)
        }
        let missing = zip(actions, decisions).filter { if case .allowed = $0.1 { return false } else { return true } }.map(\.0)
        if missing.isEmpty {
            return LinkCheck(id: id, title: title, status: .ok,
                             evidence: "inline policy allows \(actions.joined(separator: " and ")) on \(group)")
        }
        let evidence = "no inline policy of \(role.name) allows \(missing.joined(separator: ", ")) on \(group)"
        let undetermined = decisions.compactMap { if case .undetermined(let why) = $0 { return why } else { return nil } }
        if let why = undetermined.first {
            return LinkCheck(id: id, title: title, status: .unknown, evidence: evidence + " (\(why))")
        }
        if role.attachedPolicyCount > 0 {
            return LinkCheck(id: id, title: title, status: .unknown,
                             evidence: evidence + " (\(role.attachedPolicyCount) attached managed policies not evaluated)")
        }
        return LinkCheck(id: id, title: title, status: .fail, evidence: evidence, fix: fix)
    }

    /// The context keys CloudTrail's requests carry (aws:SourceArn is the trail, for the
    /// confused-deputy conditions AWS recommends), for trust and bucket policies.
    var trailContext: [String: String] {
        var context: [String: String] = [:]
        if let trail = facts.trail.value { context["aws:SourceArn"] = trail.arn }
        if let account { context["aws:SourceAccount"] = account }
        return context
    }

    func logGroupEvents() -> LinkCheck {
        let id = "log_group.events", title = "Log group is receiving events"
        switch facts.logActivity {
        case .value(let activity):
            let group = facts.logGroupName ?? "?"
            guard let last = activity.latestIngestion else {
                return LinkCheck(id: id, title: title, status: .warn, evidence: "log group \(group) has no events yet",
                                 fix: "Wait up to 15 minutes after creating the trail; if it stays empty, check the trail's delivery and role links.")
            }
            let evidence = "last event ingested \(Age.describe(last, now: facts.readAt)) (stream \(activity.latestStream ?? "?"))"
            if facts.readAt.timeIntervalSince(last) <= 2 * 3_600 {
                return LinkCheck(id: id, title: title, status: .ok, evidence: evidence)
            }
            return LinkCheck(id: id, title: title, status: .warn, evidence: evidence,
                             fix: "CloudTrail delivers every few minutes while the account is active; check the trail's logging and delivery links.")
        case .missing:
            let group = facts.logGroupName
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: group.map { "log group \($0) does not exist" } ?? "no log group to check",
                             fix: "Create the log group (a `log_group` resource) and point the trail at it.")
        default:
            return notObserved(id, title, facts.logActivity)
        }
    }
}
