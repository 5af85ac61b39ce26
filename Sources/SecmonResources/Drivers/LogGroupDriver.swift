import AWSClient
import SecmonCore
import SecmonPlan

/// `log_group`: a CloudWatch Logs log group. Physical id: its name.
public struct LogGroupDriver: NamedKind {
    public let kind = "log_group"
    public let replaceOn: Set<String> = ["name"]
    let client: any AWSCalling
    let options: DriverOptions

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        [
            "name": Normalize.string(p["name"]),
            "retention_days": Normalize.int(p["retention_days"]),
            "kms_key": Normalize.optionalString(p["kms_key"]),
            "tags": Tags.desired(p["tags"], id: id, context: context),
        ]
    }

    public func arn(forName name: String, context: DriverContext) -> String { ARN.logGroup(name, context) }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        let found = try await concurrentMap(physicalIDs, limit: options.concurrency) { name in
            try await withResourceContext(kind: kind, name: name, action: "read") {
                // The description and the tags are independent: ask for both at once.
                let (group, tags) = try await concurrently(
                    { try await describe(name) },
                    { try await LogGroupDriver.tags(of: ARN.logGroup(name, context), client: client) })
                guard let group else { return nil as LiveResource? }
                return live(group, tags: tags ?? [:], context: context)
            }
        }
        return Dictionary(found.compactMap { $0.map { ($0.physicalID, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        try await listOwned(context: context, parents: parents, known: [:])
    }

    public func listOwned(context: DriverContext, parents: [LiveResource], known: [String: LiveResource]) async throws
        -> [LiveResource]
    {
        try await withResourceContext(kind: kind, name: "*", action: "list") {
            let pages = try await allPages(client, .logs, "DescribeLogGroups", [:], tokenIn: "nextToken", tokenOut: "nextToken")
            let groups = pages.flatMap { $0["logGroups"].list }
            let owned = try await concurrentMap(groups, limit: options.concurrency) { group -> LiveResource? in
                guard let name = group["logGroupName"].string else { return nil }
                // Already read by this plan: its tags are known, no second call.
                if let seen = known[name] { return seen.ownerStack == context.stackName ? seen : nil }
                let tags = try await LogGroupDriver.tags(of: Self.arn(of: group, name: name, context), client: client) ?? [:]
                guard tags[OwnershipTag.stack] == context.stackName else { return nil }
                return live(group, tags: tags, context: context)
            }
            return owned.compactMap { $0 }
        }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn)
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let access = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: "create", properties: p)
        let name = try access.string("name")
        return try await withResourceContext(kind: kind, name: name, action: "create") {
            var input: [String: AWSValue] = ["logGroupName": .string(name), "tags": Tags.toMap(try access.stringMap("tags"))]
            if let key = try access.optionalString("kms_key") { input["kmsKeyId"] = .string(key) }
            _ = try await tolerateOwnEarlierCreate(name: name, id: id, context: context,
                                                   alreadyExists: ["ResourceAlreadyExistsException"]) {
                try await client.call(.logs, "CreateLogGroup", .map(input))
            }
            if let days = try access.optionalInt("retention_days") {
                _ = try await client.call(.logs, "PutRetentionPolicy",
                                          ["logGroupName": .string(name), "retentionInDays": .integer(Int64(days))])
            }
            return ["name": .string(name), "arn": .string(ARN.logGroup(name, context))]
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let name = live.physicalID
        let access = PropertyAccess(kind: kind, name: name, action: "update", properties: p)
        return try await withResourceContext(kind: kind, name: name, action: "update") {
            let groupName: AWSValue = .string(name)
            if p["retention_days"] != live.properties["retention_days"] {
                if let days = try access.optionalInt("retention_days") {
                    _ = try await client.call(.logs, "PutRetentionPolicy",
                                              ["logGroupName": groupName, "retentionInDays": .integer(Int64(days))])
                } else {
                    _ = try await client.call(.logs, "DeleteRetentionPolicy", ["logGroupName": groupName])
                }
            }
            let wantKey = try access.optionalString("kms_key")
            let haveKey = live.properties["kms_key"]?.stringValue
            if !KMSKeyReference.same(wantKey, haveKey) {
                if let key = wantKey {
                    _ = try await client.call(.logs, "AssociateKmsKey", ["logGroupName": groupName, "kmsKeyId": .string(key)])
                } else {
                    _ = try await client.call(.logs, "DisassociateKmsKey", ["logGroupName": groupName])
                }
            }
            let arn = live.attributes["arn"]?.stringValue ?? ARN.logGroup(name, context)
            let tagChanges = Tags.changes(live: Tags.live(live), desired: try access.stringMap("tags"))
            if !tagChanges.set.isEmpty {
                _ = try await client.call(.logs, "TagResource", ["resourceArn": .string(arn), "tags": Tags.toMap(tagChanges.set)])
            }
            if !tagChanges.remove.isEmpty {
                _ = try await client.call(.logs, "UntagResource",
                                          ["resourceArn": .string(arn), "tagKeys": .list(tagChanges.remove.map { .string($0) })])
            }
            return ["name": .string(name), "arn": .string(arn)]
        }
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
            _ = try await nilIfNotFound {
                try await client.call(.logs, "DeleteLogGroup", ["logGroupName": .string(live.physicalID)])
            }
            return DeleteOutcome()
        }
    }

    // MARK: - Reading

    /// The group named exactly `name`. The prefix filter narrows the answer; the exact match is
    /// made here (an endpoint may ignore filters).
    private func describe(_ name: String) async throws -> AWSValue? {
        var input: [String: AWSValue] = ["logGroupNamePrefix": .string(name)]
        var seen: Set<String> = []
        while true {
            let page = try await client.call(.logs, "DescribeLogGroups", .map(input))
            if let match = page["logGroups"].list.first(where: { $0["logGroupName"].string == name }) { return match }
            guard let token = page["nextToken"].string, seen.insert(token).inserted else { return nil }
            input["nextToken"] = .string(token)
        }
    }

    /// A log group's tags; nil when the group does not exist.
    static func tags(of arn: String, client: any AWSCalling) async throws -> [String: String]? {
        let reply = try await nilIfNotFound {
            try await client.call(.logs, "ListTagsForResource", ["resourceArn": .string(arn)])
        }
        return reply.map { $0["tags"].map.compactMapValues(\.string) }
    }

    static func arn(of group: AWSValue, name: String, _ context: DriverContext) -> String {
        group["logGroupArn"].string ?? group["arn"].string.map(ARN.withoutWildcard) ?? ARN.logGroup(name, context)
    }

    private func live(_ group: AWSValue, tags: [String: String], context: DriverContext) -> LiveResource {
        let name = group["logGroupName"].string ?? ""
        let owner = Tags.owner(tags)
        return LiveResource(
            kind: kind, physicalID: name,
            properties: [
                "name": .string(name),
                "retention_days": group["retentionInDays"].int.map(Value.int) ?? .null,
                "kms_key": group["kmsKeyId"].string.map(Value.string) ?? .null,
                "tags": Tags.liveValue(tags),
            ],
            attributes: ["name": .string(name), "arn": .string(Self.arn(of: group, name: name, context))],
            ownerStack: owner.stack, logicalID: owner.logicalID)
    }
}
