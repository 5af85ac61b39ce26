import SecmonCore
import SecmonDoctor
import SecmonGraph
import SecmonPlan
import SecmonRender
import SecmonResources

/// The commands `iam-policy` writes a policy for.
enum PolicyPurpose: String, CaseIterable, Sendable {
    case plan, apply, destroy, doctor, drill
    case whoRead = "who-read"
    /// `backtest --logs s3://...` over the stack's trail bucket.
    case backtest
    case backtestAthena = "backtest-athena"
}

/// Builds the least-privilege IAM policy to run one command on one stack, from the actions
/// the drivers (`KindPermissions`) and doctor (`DoctorPermissions`) declare. Writes are scoped
/// to the stack's resources' ARNs; reads that scan the account for owned resources, and calls
/// without resource-level permissions, are on `*`.
struct IAMPolicyBuilder {
    let graph: DesiredGraph
    /// Account and region may be `*` when not given: the policy then fits any.
    let context: DriverContext

    /// The actions `purpose` needs, each with why.
    func actions(for purpose: PolicyPurpose) -> [IAMAction] {
        let stackKinds = Set(graph.resources.values.map(\.kind))
        let reads = KindPermissions.all.flatMap(\.read)
        let mine = KindPermissions.all.filter { stackKinds.contains($0.kind) }
        switch purpose {
        case .plan: return reads
        case .apply: return reads + mine.flatMap { $0.create + $0.update + $0.delete }
        // Releasing what `lifecycle: retain` keeps removes tags.
        case .destroy: return reads + mine.flatMap { $0.delete + $0.release }
        case .doctor: return DoctorPermissions.doctor
        case .drill: return DoctorPermissions.doctor + DoctorPermissions.drill
        case .whoRead: return DoctorPermissions.whoRead
        case .backtest: return BacktestPermissions.s3Logs
        case .backtestAthena: return BacktestPermissions.athena
        }
    }

    /// The policy document: one statement per set of resources, actions and resources sorted.
    func policy(for purpose: PolicyPurpose) -> JSONNode {
        var resourcesByAction: [String: Set<String>] = [:]
        for action in actions(for: purpose) {
            resourcesByAction[action.name, default: []].formUnion(resources(of: action))
        }
        // "*" covers every narrower grant of the same action.
        for (name, resources) in resourcesByAction where resources.contains("*") { resourcesByAction[name] = ["*"] }

        var statements: [(sid: String, actions: [String], resources: [String], condition: JSONNode?)] = []
        let passRole = "iam:PassRole"
        if let roles = resourcesByAction.removeValue(forKey: passRole) {
            // Only to CloudTrail: the trail is the one thing secmon hands its role to.
            statements.append(("PassDeliveryRoleToCloudTrail", [passRole], roles.sorted(),
                               .object(["StringEquals": .object(["iam:PassedToService": .string("cloudtrail.amazonaws.com")])])))
        }
        var actionsByResources: [[String]: [String]] = [:]
        for (name, resources) in resourcesByAction { actionsByResources[resources.sorted(), default: []].append(name) }
        for resources in actionsByResources.keys.sorted(by: { $0.joined(separator: ",") < $1.joined(separator: ",") }) {
            let names = (actionsByResources[resources] ?? []).sorted()
            statements.append((sid(for: resources, actions: names), names, resources, nil))
        }
        statements.sort { $0.sid < $1.sid }
        var used: [String: Int] = [:]
        return .object([
            "Version": .string("2012-10-17"),
            "Statement": .array(statements.map { statement in
                used[statement.sid, default: 0] += 1
                let count = used[statement.sid] ?? 1
                var object: [String: JSONNode] = [
                    "Sid": .string(count == 1 ? statement.sid : "\(statement.sid)\(count)"),
                    "Effect": .string("Allow"),
                    "Action": .array(statement.actions.map(JSONNode.string)),
                    "Resource": statement.resources == ["*"] ? .string("*") : .array(statement.resources.map(JSONNode.string)),
                ]
                if let condition = statement.condition { object["Condition"] = condition }
                return .object(object)
            }),
        ])
    }

    /// `ReadAccount` for `*`; otherwise the services of its actions, e.g. `WriteLogs`.
    private func sid(for resources: [String], actions: [String]) -> String {
        if resources == ["*"] { return "ReadAndListAccount" }
        let services = Set(actions.compactMap { $0.split(separator: ":").first.map(String.init) }).sorted()
        return "Manage" + services.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func resources(of action: IAMAction) -> [String] {
        switch action.scope {
        case .any: return ["*"]
        case .own, .ownObjects:
            let suffix = action.scope == .ownObjects ? "/*" : ""
            // The kind comes from the declaration the action sits in.
            guard let kind = KindPermissions.all.first(where: { kind in
                (kind.create + kind.update + kind.delete).contains(action)
            })?.kind else { return ["*"] }
            return resources(ofKind: kind).map { $0 + suffix }
        case .everyOf(let kind, let suffix):
            return resources(ofKind: kind).map { $0 + suffix }
        case .referenced(let property, let kind):
            let targets = graph.resources.values.filter { resource in
                KindPermissions.of(resource.kind).map { ($0.create + $0.update + $0.delete).contains(action) } ?? false
            }
            return targets.flatMap { resource -> [String] in
                guard let value = resource.properties[property], let text = text(value) else { return ["*"] }
                return text.hasPrefix("arn:") ? [text] : KindPermissions.arns(kind: kind, name: text, context: context)
            }
        case .pattern(let pattern):
            return [pattern.replacingOccurrences(of: "{partition}", with: context.partition)
                .replacingOccurrences(of: "{region}", with: context.region)
                .replacingOccurrences(of: "{account}", with: context.accountID)]
        }
    }

    /// The ARNs of the stack's resources of `kind`.
    private func resources(ofKind kind: String) -> [String] {
        let names = graph.resources.values.filter { $0.kind == kind }.map { resource in
            resource.properties["name"].flatMap { text($0) } ?? "*"
        }
        return names.flatMap { KindPermissions.arns(kind: kind, name: $0, context: context) }
    }

    /// A property as text: literals kept, `${aws.*}` from the context, `${id.name}` and
    /// `${id.arn}` from the resource they name, anything else `*`.
    func text(_ value: Value, depth: Int = 0) -> String? {
        switch value {
        case .string(let s): return s
        case .template(let parts):
            return parts.map { part in
                switch part {
                case .literal(let s): return s
                case .reference(let reference): return resolve(reference, depth: depth)
                }
            }.joined()
        default: return nil
        }
    }

    private func resolve(_ reference: AttributeReference, depth: Int) -> String {
        switch (reference.resource, reference.attribute) {
        case ("aws", "account_id"): return context.accountID
        case ("aws", "region"): return context.region
        case ("aws", "partition"): return context.partition
        case ("stack", "name"): return graph.stackName
        default: break
        }
        guard depth < 16, let resource = graph.resources[reference.resource],
              let name = resource.properties["name"].flatMap({ text($0, depth: depth + 1) }) else { return "*" }
        switch reference.attribute {
        case "name": return name
        case "arn": return KindPermissions.arns(kind: resource.kind, name: name, context: context).first ?? "*"
        default: return "*"
        }
    }
}
