import AWSClient
import SecmonCore
import SecmonPlan

/// `role`: an IAM role a service assumes, with one inline policy ("secmon"). Physical id: its
/// name.
///
/// Normalised shape: the stack's properties plus the generated documents `trust_policy` and
/// `inline_policy` (canonical JSON values; `inline_policy` null when nothing is allowed).
/// `trusted_service`, `allow_cloudtrail_logs` and `policy` are represented by those documents
/// and not compared themselves.
public struct RoleDriver: NamedKind {
    public let kind = "role"
    public let replaceOn: Set<String> = ["name"]
    let client: any AWSCalling
    let options: DriverOptions

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        let service = Normalize.string(p["trusted_service"])
        var logs = Normalize.optionalString(p["allow_cloudtrail_logs"])
        if let arn = logs.stringValue { logs = .string(ARN.withoutWildcard(arn)) }
        let statements = RolePolicies.normalizedStatements(p["policy"])
        var inline = Value.unknown
        if let statements, logs == .null || logs.stringValue != nil, statements.allSatisfy(\.isFullyKnown) {
            inline = RolePolicies.inline(cloudTrailLogGroupArn: logs.stringValue, statements: statements) ?? .null
        }
        return [
            "name": Normalize.string(p["name"]),
            "description": Normalize.optionalString(p["description"]),
            "trusted_service": service,
            "allow_cloudtrail_logs": logs,
            "policy": statements.map(Value.list) ?? p["policy"] ?? .null,
            "trust_policy": service.stringValue.map(RolePolicies.trust(service:)) ?? .unknown,
            "inline_policy": inline,
            "tags": Tags.desired(p["tags"], id: id, context: context),
        ]
    }

    public func arn(forName name: String, context: DriverContext) -> String { ARN.role(name, context) }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        let found = try await concurrentMap(physicalIDs, limit: options.concurrency) { name in
            try await withResourceContext(kind: kind, name: name, action: "read") { try await readRole(name) }
        }
        return Dictionary(found.compactMap { $0.map { ($0.physicalID, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        try await withResourceContext(kind: kind, name: "*", action: "list") {
            let pages = try await allPages(client, .iam, "ListRoles", [:], tokenIn: "Marker", tokenOut: "Marker")
            let names = pages.flatMap { $0["Roles"].list.compactMap { $0["RoleName"].string } }
            // ListRoles does not return tags: ask per role.
            let owned = try await concurrentMap(names, limit: options.concurrency) { name -> LiveResource? in
                let tags = try await nilIfNotFound {
                    try await client.call(.iam, "ListRoleTags", ["RoleName": .string(name)])
                }
                guard Tags.fromList(tags?["Tags"] ?? .null)[OwnershipTag.stack] == context.stackName else { return nil }
                return try await readRole(name)
            }
            return owned.compactMap { $0 }
        }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn,
                             ignoring: ["trusted_service", "allow_cloudtrail_logs", "policy"])
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: "create", properties: p)
        let name = try a.string("name")
        let trust = try document(a, "trust_policy")
        let inline = try a.value("inline_policy")
        var input: [String: AWSValue] = [
            "RoleName": .string(name), "AssumeRolePolicyDocument": .string(PolicyDocument.encode(trust)),
            "Tags": Tags.toList(try a.stringMap("tags")),
        ]
        if let description = try a.optionalString("description") { input["Description"] = .string(description) }
        return try await withResourceContext(kind: kind, name: name, action: "create") {
            let reply = try await tolerateOwnEarlierCreate(name: name, id: id, context: context,
                                                           alreadyExists: ["EntityAlreadyExists"]) {
                try await client.call(.iam, "CreateRole", .map(input))
            } ?? [:]
            if let inline {
                try await putInlinePolicy(name, inline)
            }
            return ["name": .string(name), "arn": .string(reply["Role"]["Arn"].string ?? ARN.role(name, context))]
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let name = live.physicalID
        let a = PropertyAccess(kind: kind, name: name, action: "update", properties: p)
        return try await withResourceContext(kind: kind, name: name, action: "update") {
            let roleName: AWSValue = .string(name)
            if p["description"] != live.properties["description"] {
                _ = try await client.call(.iam, "UpdateRole",
                                          ["RoleName": roleName, "Description": .string(try a.optionalString("description") ?? "")])
            }
            let trust = try document(a, "trust_policy")
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
            let tagChanges = Tags.changes(live: Tags.live(live), desired: try a.stringMap("tags"))
            if !tagChanges.set.isEmpty {
                _ = try await client.call(.iam, "TagRole", ["RoleName": roleName, "Tags": Tags.toList(tagChanges.set)])
            }
            if !tagChanges.remove.isEmpty {
                _ = try await client.call(.iam, "UntagRole",
                                          ["RoleName": roleName, "TagKeys": .list(tagChanges.remove.map { .string($0) })])
            }
            return ["name": .string(name), "arn": live.attributes["arn"] ?? .string(ARN.role(name, context))]
        }
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        let name = live.physicalID
        return try await withResourceContext(kind: kind, name: name, action: "delete") {
            let roleName: AWSValue = .string(name)
            // IAM refuses to delete a role that still has policies: remove them first,
            // including any added out of band.
            let inline = try await nilIfNotFound {
                try await allPages(client, .iam, "ListRolePolicies", ["RoleName": roleName], tokenIn: "Marker", tokenOut: "Marker")
            }
            guard let inline else { return DeleteOutcome() }
            for policyName in inline.flatMap({ $0["PolicyNames"].list.compactMap(\.string) }) {
                _ = try await nilIfNotFound {
                    try await client.call(.iam, "DeleteRolePolicy", ["RoleName": roleName, "PolicyName": .string(policyName)])
                }
            }
            let attached = try await allPages(client, .iam, "ListAttachedRolePolicies", ["RoleName": roleName],
                                              tokenIn: "Marker", tokenOut: "Marker")
            for policyArn in attached.flatMap({ $0["AttachedPolicies"].list.compactMap { $0["PolicyArn"].string } }) {
                _ = try await nilIfNotFound {
                    try await client.call(.iam, "DetachRolePolicy", ["RoleName": roleName, "PolicyArn": .string(policyArn)])
                }
            }
            _ = try await nilIfNotFound { try await client.call(.iam, "DeleteRole", ["RoleName": roleName]) }
            return DeleteOutcome()
        }
    }

    // MARK: -

    private func document(_ a: PropertyAccess, _ key: String) throws -> Value {
        guard let document = try a.value(key) else {
            throw ResourceError(kind: kind, name: a.name, action: a.action, message: "property \(key) could not be generated")
        }
        return document
    }

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
        let tags = Tags.fromList(role["Tags"])
        let owner = Tags.owner(tags)
        let roleName = role["RoleName"].string ?? name
        return LiveResource(
            kind: kind, physicalID: roleName,
            properties: [
                "name": .string(roleName),
                "description": role["Description"].string.flatMap { $0.isEmpty ? nil : Value.string($0) } ?? .null,
                "trust_policy": role["AssumeRolePolicyDocument"].string.flatMap(PolicyDocument.parse) ?? .null,
                "inline_policy": inline?["PolicyDocument"].string.flatMap(PolicyDocument.parse) ?? .null,
                "tags": Tags.liveValue(tags),
            ],
            attributes: ["name": .string(roleName), "arn": role["Arn"].string.map(Value.string) ?? .null],
            ownerStack: owner.stack, logicalID: owner.logicalID)
    }
}
