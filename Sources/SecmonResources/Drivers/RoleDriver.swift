import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `role`: an IAM role a service assumes, with one inline policy ("secmon"). Physical id: its
/// name.
///
/// Normalised shape: the stack's properties plus the generated documents `trust_policy` and
/// `inline_policy` (canonical JSON values; `inline_policy` null when nothing is allowed).
/// `trusted_service`, `allow_cloudtrail_logs` and `policy` are represented by those documents
/// and not compared themselves.
public struct RoleDriver: KindMapping {
    public static let schema = KindSchema.role
    public static let service = AWSService.iam
    public static let mapping = PropertyMapping.table(
        ["CreateRole": ["name": "RoleName", "description": "Description", "trust_policy": "AssumeRolePolicyDocument",
                        "tags": "Tags"],
         "PutRolePolicy": ["inline_policy": "PolicyDocument"]],
        within: ["trusted_service": "trust_policy", "allow_cloudtrail_logs": "inline_policy", "policy": "inline_policy"])
    public let tagWriting: TagWriting? = TagWriting(add: "TagRole", remove: "UntagRole", resource: "RoleName")
    public static let readsWithoutAccount = true
    public let client: any AWSCalling
    public var options = DriverOptions()

    public func derive(_ p: inout [String: Value], from given: [String: Value], context: DriverContext) {
        let logs = ARN.withoutWildcard(p["allow_cloudtrail_logs"] ?? .null)
        let statements = RolePolicies.normalizedStatements(given["policy"])
        var inline = Value.unknown
        if let statements, logs == .null || logs.stringValue != nil, statements.allSatisfy(\.isFullyKnown) {
            inline = RolePolicies.inline(cloudTrailLogGroupArn: logs.stringValue, statements: statements) ?? .null
        }
        p["allow_cloudtrail_logs"] = logs
        p["policy"] = statements.map(Value.list) ?? given["policy"] ?? .null
        p["trust_policy"] = p["trusted_service"]?.stringValue.map(RolePolicies.trust(service:)) ?? .unknown
        p["inline_policy"] = inline
    }

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.role(name, context) }

    public func readOne(_ name: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? {
        try await readRole(name)
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        let names = try await client.allPages(.iam, "ListRoles", [:], items: "Roles").compactMap { $0["RoleName"].string }
        // ListRoles does not return tags: ask per role, but not again for one this plan read.
        let owned = try await concurrentMap(names, limit: options.concurrency) { name -> LiveResource? in
            if let seen = known[name] { return seen }
            let tags = try await nilIfNotFound {
                try await client.call(.iam, "ListRoleTags", ["RoleName": .string(name)])
            }
            guard Tags.fromList(tags?["Tags"] ?? .null)[OwnershipTag.stack] == context.stackName else { return nil }
            return try await readRole(name)
        }
        return owned.compactMap { $0 }
    }

    public func tagTarget(_ live: LiveResource, context: DriverContext) -> String { live.physicalID }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        let name = try a.string("name")
        let inline = try a.value("inline_policy")
        var input: [String: AWSValue] = [
            "RoleName": .string(name), "AssumeRolePolicyDocument": .string(PolicyDocument.encode(try a.generated("trust_policy"))),
            "Tags": Tags.toList(try a.stringMap("tags")),
        ]
        if let description = try a.optionalString("description") { input["Description"] = .string(description) }
        let reply = try await tolerateOwnEarlierCreate(name: name, id: id, context: context,
                                                       alreadyExists: ["EntityAlreadyExists"]) {
            try await client.call(.iam, "CreateRole", .map(input))
        } ?? [:]
        if let inline {
            try await putInlinePolicy(name, inline)
        }
        return ["name": .string(name), "arn": .string(reply["Role"]["Arn"].string ?? ARN.role(name, context))]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        let name = live.physicalID
        let roleName: AWSValue = .string(name)
        if a.properties["description"] != live.properties["description"] {
            _ = try await client.call(.iam, "UpdateRole",
                                      ["RoleName": roleName, "Description": .string(try a.optionalString("description") ?? "")])
        }
        let trust = try a.generated("trust_policy")
        if trust != live.properties["trust_policy"] {
            _ = try await client.call(.iam, "UpdateAssumeRolePolicy",
                                      ["RoleName": roleName, "PolicyDocument": .string(PolicyDocument.encode(trust))])
        }
        let inline = try a.value("inline_policy")
        if (inline ?? .null) != (live.properties["inline_policy"] ?? .null) {
            if let inline {
                try await putInlinePolicy(name, inline)
            } else {
                _ = try await nilIfNotFound {
                    try await client.call(.iam, "DeleteRolePolicy",
                                          ["RoleName": roleName, "PolicyName": .string(RolePolicies.inlinePolicyName)])
                }
            }
        }
        return ["name": .string(name), "arn": live.attributes["arn"] ?? .string(ARN.role(name, context))]
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        let roleName: AWSValue = .string(live.physicalID), client = client
        // IAM refuses to delete a role that still has policies: remove them first, including
        // any added out of band. Both lists, and the removal of secmon's own inline policy when
        // the plan read one, go out at once; what else they list is removed next, all at once.
        let ownPolicy = (live.properties["inline_policy"] ?? .null) != .null ? RolePolicies.inlinePolicyName : nil
        @Sendable func deleteInline(_ policyName: String) async throws {
            _ = try await nilIfNotFound {
                try await client.call(.iam, "DeleteRolePolicy", ["RoleName": roleName, "PolicyName": .string(policyName)])
            }
        }
        let first: [@Sendable () async throws -> [RolePolicyRemoval]?] = [
            { try await nilIfNotFound {
                try await client.allPages(.iam, "ListRolePolicies", ["RoleName": roleName], items: "PolicyNames")
                    .compactMap(\.string).filter { $0 != ownPolicy }.map(RolePolicyRemoval.inline)
            } },
            { try await nilIfNotFound {
                try await client.allPages(.iam, "ListAttachedRolePolicies", ["RoleName": roleName], items: "AttachedPolicies")
                    .compactMap { $0["PolicyArn"].string }.map(RolePolicyRemoval.attached)
            } },
            { if let ownPolicy { try await deleteInline(ownPolicy) }; return [] },
        ]
        let listed = try await concurrentMap(first, limit: first.count) { try await $0() }
        // A role already gone has nothing to list: deleted.
        guard let inline = listed[0], let attached = listed[1] else { return DeleteOutcome() }
        _ = try await concurrentMap(inline + attached, limit: options.concurrency) { removal in
            switch removal {
            case .inline(let policyName): try await deleteInline(policyName)
            case .attached(let policyArn):
                _ = try await nilIfNotFound {
                    try await client.call(.iam, "DetachRolePolicy", ["RoleName": roleName, "PolicyArn": .string(policyArn)])
                }
            }
        }
        _ = try await nilIfNotFound { try await client.call(.iam, "DeleteRole", ["RoleName": roleName]) }
        return DeleteOutcome()
    }

    // MARK: -

    private func putInlinePolicy(_ name: String, _ document: Value) async throws {
        _ = try await client.call(.iam, "PutRolePolicy", [
            "RoleName": .string(name), "PolicyName": .string(RolePolicies.inlinePolicyName),
            "PolicyDocument": .string(PolicyDocument.encode(document)),
        ])
    }

    private func readRole(_ name: String) async throws -> LiveResource? {
        let client = client
        let (roleReply, inline) = try await concurrently(
            { try await nilIfNotFound { try await client.call(.iam, "GetRole", ["RoleName": .string(name)]) } },
            { try await nilIfNotFound {
                try await client.call(.iam, "GetRolePolicy",
                                      ["RoleName": .string(name), "PolicyName": .string(RolePolicies.inlinePolicyName)])
            } })
        guard let role = roleReply?["Role"] else { return nil }
        let roleName = role["RoleName"].string ?? name
        return LiveResource(kind: kind, physicalID: roleName, tags: Tags.fromList(role["Tags"]), properties: [
            "name": .string(roleName),
            "description": role[optional: "Description"],
            "trust_policy": role["AssumeRolePolicyDocument"].string.flatMap(PolicyDocument.parse) ?? .null,
            "inline_policy": inline?["PolicyDocument"].string.flatMap(PolicyDocument.parse) ?? .null,
        ], attributes: ["name": .string(roleName), "arn": role[string: "Arn"]])
    }
}

/// A policy to take off a role before deleting it.
private enum RolePolicyRemoval: Sendable {
    case inline(String)
    case attached(String)
}
