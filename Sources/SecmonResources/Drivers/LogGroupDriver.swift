import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `log_group`: a CloudWatch Logs log group. Physical id: its name.
public struct LogGroupDriver: KindMapping {
    public static let schema = KindSchema.logGroup
    public static let service = AWSService.logs
    public static let mapping = PropertyMapping.table(
        ["CreateLogGroup": ["name": "logGroupName", "kms_key": "kmsKeyId", "tags": "tags"],
         "PutRetentionPolicy": ["retention_days": "retentionInDays"]])
    public let tagWriting: TagWriting? = TagWriting(add: "TagResource", remove: "UntagResource", resource: "resourceArn",
                                                    tags: "tags", tagsShape: .map, keys: "tagKeys")
    public static let taggingAPI: TaggingAPIScope? = TaggingAPIScope(service: "logs", resourcePrefix: "log-group:")
    public static let readsWithoutAccount = true
    public let client: any AWSCalling
    public var options = DriverOptions()

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.logGroup(name, context) }

    /// DescribeLogGroups takes at most this many `logGroupIdentifiers`.
    static let namesPerDescribe = 50

    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        Set(ids).sorted().chunked(Self.namesPerDescribe).map { ReadGroup(label: $0.joined(separator: ", "), ids: $0) }
    }

    /// One name: DescribeLogGroups by prefix. Several: by `logGroupIdentifiers`, up to 50 names a
    /// call. The exact match is made here either way (an endpoint may ignore a filter; moto
    /// 5.2.1 ignores `logGroupIdentifiers` and lists every group, which is slower, not wrong).
    public func readGroup(_ names: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        let wanted = Set(names)
        let groups: [AWSValue]
        if names.count == 1, let name = names.first {
            groups = try await describe(name).map { [$0] } ?? []
        } else {
            groups = try await client.allPages(.logs, "DescribeLogGroups",
                                               ["logGroupIdentifiers": .list(names.map { .string($0) })], items: "logGroups")
                .filter { wanted.contains($0["logGroupName"].string ?? "") }
        }
        return try await concurrentMap(groups, limit: options.concurrency) { group in
            let name = group["logGroupName"].string ?? ""
            let arn = Self.arn(of: group, name: name, context)
            return try await withResourceContext(kind: kind, name: name, action: "read") {
                let tags = try await tags(of: arn, context: context) { try await LogGroupDriver.tags(of: arn, client: client) }
                return live(group, tags: tags ?? [:], context: context)
            }
        }
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        let groups = try await client.allPages(.logs, "DescribeLogGroups", [:], items: "logGroups")
        let owned = try await concurrentMap(groups, limit: options.concurrency) { group -> LiveResource? in
            guard let name = group["logGroupName"].string else { return nil }
            // Already read by this plan: its tags are known, no second call.
            if let seen = known[name] { return seen }
            let tags = try await LogGroupDriver.tags(of: Self.arn(of: group, name: name, context), client: client) ?? [:]
            guard tags[OwnershipTag.stack] == context.stackName else { return nil }
            return live(group, tags: tags, context: context)
        }
        return owned.compactMap { $0 }
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        let name = try a.string("name")
        var input: [String: AWSValue] = ["logGroupName": .string(name), "tags": Tags.toMap(try a.stringMap("tags"))]
        if let key = try a.optionalString("kms_key") { input["kmsKeyId"] = .string(key) }
        _ = try await tolerateOwnEarlierCreate(name: name, id: id, context: context,
                                               alreadyExists: ["ResourceAlreadyExistsException"]) {
            try await client.call(.logs, "CreateLogGroup", .map(input))
        }
        if let days = try a.optionalInt("retention_days") {
            _ = try await client.call(.logs, "PutRetentionPolicy",
                                      ["logGroupName": .string(name), "retentionInDays": .integer(Int64(days))])
        }
        return ["name": .string(name), "arn": .string(ARN.logGroup(name, context))]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        let groupName: AWSValue = .string(live.physicalID)
        if a.properties["retention_days"] != live.properties["retention_days"] {
            if let days = try a.optionalInt("retention_days") {
                _ = try await client.call(.logs, "PutRetentionPolicy",
                                          ["logGroupName": groupName, "retentionInDays": .integer(Int64(days))])
            } else {
                _ = try await client.call(.logs, "DeleteRetentionPolicy", ["logGroupName": groupName])
            }
        }
        let wantKey = try a.optionalString("kms_key")
        if !KMSKeyReference.same(wantKey, live.properties["kms_key"]?.stringValue) {
            if let key = wantKey {
                _ = try await client.call(.logs, "AssociateKmsKey", ["logGroupName": groupName, "kmsKeyId": .string(key)])
            } else {
                _ = try await client.call(.logs, "DisassociateKmsKey", ["logGroupName": groupName])
            }
        }
        return ["name": .string(live.physicalID), "arn": .string(tagTarget(live, context: context))]
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        _ = try await nilIfNotFound {
            try await client.call(.logs, "DeleteLogGroup", ["logGroupName": .string(live.physicalID)])
        }
        return DeleteOutcome()
    }

    // MARK: - Reading

    /// The group named exactly `name`. The prefix filter narrows the answer; the exact match is
    /// made here (an endpoint may ignore filters).
    private func describe(_ name: String) async throws -> AWSValue? {
        try await client.firstInPages(.logs, "DescribeLogGroups", ["logGroupNamePrefix": .string(name)], items: "logGroups") {
            $0["logGroupName"].string == name
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
        return LiveResource(kind: kind, physicalID: name, tags: tags, properties: [
            "name": .string(name),
            "retention_days": group["retentionInDays"].int.map(Value.int) ?? .null,
            "kms_key": group["kmsKeyId"].string.map(Value.string) ?? .null,
        ], attributes: ["name": .string(name), "arn": .string(Self.arn(of: group, name: name, context))])
    }
}
