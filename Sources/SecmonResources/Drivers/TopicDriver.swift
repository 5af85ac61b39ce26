import AWSClient
import SecmonCore
import SecmonPlan

/// `topic`: an SNS topic with a generated access policy. Physical id: its name (the ARN is
/// built from it and the context).
///
/// Normalised shape: the stack's properties plus `policy`, the generated document (canonical
/// JSON value). `allow_publish_from` is represented by `policy` and not compared itself.
public struct TopicDriver: NamedKind {
    public let kind = "topic"
    public let replaceOn: Set<String> = ["name"]
    let client: any AWSCalling
    let options: DriverOptions

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        let publishers = Normalize.unorderedList(p["allow_publish_from"] ?? .list([.string("cloudwatch")]))
        var policy = Value.unknown
        if let name = p["name"]?.stringValue, let services = publishers.listValue?.compactMap(\.stringValue),
           services.count == publishers.listValue?.count {
            policy = TopicPolicy.document(topicArn: ARN.topic(name, context), publishers: services, context: context)
        }
        return [
            "name": Normalize.string(p["name"]),
            "display_name": Normalize.optionalString(p["display_name"]),
            "kms_key": Normalize.optionalString(p["kms_key"]),
            "allow_publish_from": publishers,
            "policy": policy,
            "tags": Tags.desired(p["tags"], id: id, context: context),
        ]
    }

    public func arn(forName name: String, context: DriverContext) -> String { ARN.topic(name, context) }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        let found = try await concurrentMap(physicalIDs, limit: options.concurrency) { name in
            try await withResourceContext(kind: kind, name: name, action: "read") {
                try await readTopic(arn: ARN.topic(name, context))
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
            let pages = try await allPages(client, .sns, "ListTopics", [:], tokenIn: "NextToken", tokenOut: "NextToken")
            let arns = pages.flatMap { $0["Topics"].list.compactMap { $0["TopicArn"].string } }
                .filter { $0.hasPrefix("arn:\(context.partition):sns:\(context.region):") }
            let owned = try await concurrentMap(arns, limit: options.concurrency) { arn -> LiveResource? in
                // Already read by this plan: its tags are known, no second call.
                if let name = arn.split(separator: ":").last.map(String.init), let seen = known[name] {
                    return seen.ownerStack == context.stackName ? seen : nil
                }
                let tags = try await TopicDriver.tags(of: arn, client: client)
                guard tags?[OwnershipTag.stack] == context.stackName else { return nil }
                return try await readTopic(arn: arn)
            }
            return owned.compactMap { $0 }
        }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn, ignoring: ["allow_publish_from"])
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: "create", properties: p)
        let name = try a.string("name")
        var attributes: [String: AWSValue] = ["Policy": .string(PolicyDocument.encode(try policy(a)))]
        if let display = try a.optionalString("display_name") { attributes["DisplayName"] = .string(display) }
        if let key = try a.optionalString("kms_key") { attributes["KmsMasterKeyId"] = .string(key) }
        if name.hasSuffix(".fifo") { attributes["FifoTopic"] = "true" }
        let tags = Tags.toList(try a.stringMap("tags"))
        return try await withResourceContext(kind: kind, name: name, action: "create") {
            let reply = try await client.call(.sns, "CreateTopic",
                                              ["Name": .string(name), "Attributes": .map(attributes), "Tags": tags])
            let arn = reply["TopicArn"].string ?? ARN.topic(name, context)
            return ["name": .string(name), "arn": .string(arn)]
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let name = live.physicalID
        let a = PropertyAccess(kind: kind, name: name, action: "update", properties: p)
        let arn = live.attributes["arn"]?.stringValue ?? ARN.topic(name, context)
        return try await withResourceContext(kind: kind, name: name, action: "update") {
            func set(_ attribute: String, _ value: String) async throws {
                _ = try await client.call(.sns, "SetTopicAttributes", [
                    "TopicArn": .string(arn), "AttributeName": .string(attribute), "AttributeValue": .string(value),
                ])
            }
            if p["display_name"] != live.properties["display_name"] {
                try await set("DisplayName", try a.optionalString("display_name") ?? "")
            }
            let wantKey = try a.optionalString("kms_key")
            if !KMSKeyReference.same(wantKey, live.properties["kms_key"]?.stringValue) {
                try await set("KmsMasterKeyId", wantKey ?? "")
            }
            let wantPolicy = try policy(a)
            if wantPolicy != live.properties["policy"] {
                try await set("Policy", PolicyDocument.encode(wantPolicy))
            }
            let tagChanges = Tags.changes(live: Tags.live(live), desired: try a.stringMap("tags"))
            if !tagChanges.set.isEmpty {
                _ = try await client.call(.sns, "TagResource", ["ResourceArn": .string(arn), "Tags": Tags.toList(tagChanges.set)])
            }
            if !tagChanges.remove.isEmpty {
                _ = try await client.call(.sns, "UntagResource",
                                          ["ResourceArn": .string(arn), "TagKeys": .list(tagChanges.remove.map { .string($0) })])
            }
            return ["name": .string(name), "arn": .string(arn)]
        }
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        let arn = live.attributes["arn"]?.stringValue ?? ARN.topic(live.physicalID, context)
        return try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
            _ = try await nilIfNotFound { try await client.call(.sns, "DeleteTopic", ["TopicArn": .string(arn)]) }
            return DeleteOutcome()
        }
    }

    // MARK: -

    private func policy(_ a: PropertyAccess) throws -> Value {
        guard let document = try a.value("policy") else {
            throw ResourceError(kind: kind, name: a.name, action: a.action, message: "the topic policy could not be generated")
        }
        return document
    }

    /// A topic's tags; nil when the topic does not exist.
    static func tags(of arn: String, client: any AWSCalling) async throws -> [String: String]? {
        let reply = try await nilIfNotFound {
            try await client.call(.sns, "ListTagsForResource", ["ResourceArn": .string(arn)])
        }
        return reply.map { Tags.fromList($0["Tags"]) }
    }

    private func readTopic(arn: String) async throws -> LiveResource? {
        let client = client
        let (attributesReply, tagsReply) = try await concurrently(
            { try await nilIfNotFound { try await client.call(.sns, "GetTopicAttributes", ["TopicArn": .string(arn)]) } },
            { try await TopicDriver.tags(of: arn, client: client) })
        guard let attributes = attributesReply?["Attributes"] else { return nil }
        let tags = tagsReply ?? [:]
        let name = arn.split(separator: ":").last.map(String.init) ?? arn
        func optional(_ key: String) -> Value {
            attributes[key].string.flatMap { $0.isEmpty ? nil : Value.string($0) } ?? .null
        }
        let owner = Tags.owner(tags)
        return LiveResource(
            kind: kind, physicalID: name,
            properties: [
                "name": .string(name),
                "display_name": optional("DisplayName"),
                "kms_key": optional("KmsMasterKeyId"),
                "policy": attributes["Policy"].string.flatMap(PolicyDocument.parse) ?? .null,
                "tags": Tags.liveValue(tags),
            ],
            attributes: ["name": .string(name), "arn": .string(arn)],
            ownerStack: owner.stack, logicalID: owner.logicalID)
    }
}
