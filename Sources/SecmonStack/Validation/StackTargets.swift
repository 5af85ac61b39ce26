import SecmonCore

/// One entry of the stack's `targets:`: an account, reached by assuming a role in it, and the
/// regions the stack is planned and applied in there.
public struct StackTarget: Sendable, Hashable {
    /// The IAM role to assume (its ARN names the account).
    public var role: String
    public var regions: [String]
    /// The target's `name:`, when the stack gives one.
    public var name: String?

    /// What identifies the target on the resources it manages (their `secmon:target` tag): its
    /// `name`, or else its role's ARN.
    public var id: String { name ?? role }

    /// The account id in the role's ARN.
    public var account: String { role.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? "" }

    public init(role: String, regions: [String], name: String? = nil) {
        self.role = role
        self.regions = regions
        self.name = name
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

    /// A tag value (what the id becomes) of the characters every service accepts in one.
    static let name = StringConstraints(minLength: 1, maxLength: 256, allowed: .alphanumeric(plus: " +-=._:/@"))

    public static let target = ObjectSchema(name: "target", properties: [
        PropertySchema("name", .string(name), .optional,
            "What identifies the target on everything it manages (the `secmon:target` tag), so that no other target of the stack changes or deletes it. Default: the role's ARN. Set it to keep managing a target's resources through another role in the same account (use the old id, e.g. the old role's ARN)."),
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
    /// The most characters a tag value may have (what a target's id becomes).
    static let tagValueLimit = 256

    mutating func stackTargets(_ pair: YAMLPair?, scope: ReferenceScope) -> [StackTarget] {
        guard let pair else { return [] }
        var converter = ValueConverter(scope: scope)
        let value = converter.convert(pair.value, as: StackTargets.property.type, path: "targets", owner: "the stack")
        diagnostics += converter.diagnostics
        guard let list = value?.listValue else { return [] }
        let nodes = pair.value.sequence ?? []
        var found: [StackTarget] = []
        // By account and region, and by id: the target (index) already there.
        var places: [String: Int] = [:], ids: [String: Int] = [:]
        for (index, entry) in list.enumerated() {
            let location = index < nodes.count ? nodes[index].location : pair.value.location
            guard let role = entry["account"]?.stringValue,
                  let regions = entry["regions"]?.listValue?.compactMap(\.stringValue) else { continue }
            let target = StackTarget(role: role, regions: regions, name: entry["name"]?.stringValue)
            if regions.isEmpty { error("targets[\(index)] lists no regions: name at least one, e.g. [us-east-1]", at: location) }
            if target.name == nil, role.count > Self.tagValueLimit {
                error("targets[\(index)]: its role's ARN is longer than the \(Self.tagValueLimit) characters of a tag value, "
                      + "so it cannot identify the target on its resources: give the target a short `name:`", at: location)
            }
            if let other = ids.updateValue(index, forKey: target.id) {
                error("targets[\(index)] has the id \"\(target.id)\" of targets[\(other)]: give each target its own name", at: location)
            }
            for region in regions {
                // One account and region is one set of resources: two targets there would
                // each plan to make, change and delete the same ones.
                guard let other = places.updateValue(index, forKey: "\(target.account) \(region)") else { continue }
                let whose = other == index ? "is listed twice" : "is already targets[\(other)]'s"
                error("targets[\(index)]: account \(target.account) in \(region) \(whose); two targets in one account and region "
                      + "would own the same resources and undo each other: list each account and region once", at: location)
            }
            found.append(target)
        }
        return found
    }
}
