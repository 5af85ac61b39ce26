import SecmonCore

/// One entry of the stack's `targets:`: an account, reached by assuming a role in it, and the
/// regions the stack is planned and applied in there.
public struct StackTarget: Sendable, Hashable {
    /// The IAM role to assume (its ARN names the account).
    public var role: String
    public var regions: [String]

    /// The account id in the role's ARN.
    public var account: String { role.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? "" }

    public init(role: String, regions: [String]) {
        self.role = role
        self.regions = regions
    }
}

/// The `targets:` section: its schema (for validation, the JSON Schema and docs/stacks.md).
public enum StackTargets {
    static let roleARN = StringConstraints(minLength: 1, maxLength: 2048, rules: [
        StringRule("an IAM role ARN such as `arn:aws:iam::111122223333:role/secmon-deploy`") { text in
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            let ok = parts.count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[3].isEmpty
                && parts[4].count == 12 && parts[4].allSatisfy(\.isNumber) && parts[5].hasPrefix("role/") && parts[5].count > 5
            return ok ? nil : "is not an IAM role ARN such as arn:aws:iam::111122223333:role/secmon-deploy"
        },
    ])

    public static let target = ObjectSchema(name: "target", properties: [
        PropertySchema("account", .string(roleARN), .required,
            "The IAM role to assume in the account (its ARN names the account), through the credential chain's assume-role provider: the credentials secmon finds (environment, profile, SSO, instance role) must be allowed to assume it."),
        PropertySchema("regions", .list(.string(StackValidator.region), maxItems: nil), .required,
            "The regions of that account the stack is planned and applied in."),
    ])

    public static let property = PropertySchema(
        "targets", .list(.object(target), maxItems: nil), .optional,
        "Accounts and regions the stack is planned and applied in, all at once: plan and apply run every target concurrently, group the plan by target and report per target. Without it: the one account and region of the credentials and `--region`.")
}

extension StackValidator {
    mutating func stackTargets(_ pair: YAMLPair?, scope: ReferenceScope) -> [StackTarget] {
        guard let pair else { return [] }
        var converter = ValueConverter(scope: scope)
        let value = converter.convert(pair.value, as: StackTargets.property.type, path: "targets", owner: "the stack")
        diagnostics += converter.diagnostics
        guard let list = value?.listValue else { return [] }
        let nodes = pair.value.sequence ?? []
        var found: [StackTarget] = []
        var seen: Set<String> = []
        for (index, entry) in list.enumerated() {
            let location = index < nodes.count ? nodes[index].location : pair.value.location
            guard let role = entry["account"]?.stringValue,
                  let regions = entry["regions"]?.listValue?.compactMap(\.stringValue) else { continue }
            if regions.isEmpty { error("targets[\(index)] lists no regions: name at least one, e.g. [us-east-1]", at: location) }
            for region in regions where !seen.insert("\(role) \(region)").inserted {
                error("targets[\(index)]: \(role) in \(region) is already a target", at: location)
            }
            found.append(StackTarget(role: role, regions: regions))
        }
        return found
    }
}
