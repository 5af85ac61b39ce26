import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `topic`: an SNS topic with a generated access policy. Physical id: its name (the ARN is
/// built from it and the context).
///
/// Normalised shape: the stack's properties plus `policy`, the generated document (canonical
/// JSON value). `allow_publish_from` is represented by `policy` and not compared itself.
public struct TopicDriver: KindMapping {
    public static let schema = KindSchema.topic
    public static let service = AWSService.sns
    public static let mapping = PropertyMapping.table(
        ["CreateTopic": ["name": "Name", "tags": "Tags"],
         "SetTopicAttributes": ["display_name": "AttributeValue", "kms_key": "AttributeValue",
                                "policy": "AttributeValue"]],
        within: ["allow_publish_from": "policy"])
    public let tagWriting: TagWriting? = TagWriting(add: "TagResource", remove: "UntagResource", resource: "ResourceArn")
    public static let taggingAPI: TaggingAPIScope? = TaggingAPIScope(service: "sns", resourcePrefix: "")
    public let client: any AWSCalling
    public var options = DriverOptions()

    public func derive(_ p: inout [String: Value], from given: [String: Value], context: DriverContext) {
        var policy = Value.unknown
        let publishers = p["allow_publish_from"]?.listValue
        if let name = p["name"]?.stringValue, let services = publishers?.compactMap(\.stringValue),
           services.count == publishers?.count {
            policy = TopicPolicy.document(topicArn: ARN.topic(name, context), publishers: services, context: context)
        }
        p["policy"] = policy
    }

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.topic(name, context) }

    /// One group for every topic asked: their attributes are all asked for at once, and only
    /// then their tags (from the ownership index, which may still be paging): a topic waiting
    /// for its tags never holds back another's attribute read.
    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        ids.isEmpty ? [] : [ReadGroup(label: ids.sorted().joined(separator: ", "), ids: ids.sorted())]
    }

    public func readGroup(_ names: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        let client = client
        let found = try await concurrentMap(names, limit: options.concurrency) { name -> (String, AWSValue)? in
            let arn = ARN.topic(name, context)
            return try await withResourceContext(kind: kind, name: name, action: "read") {
                try await Self.attributes(arn, client: client).map { (arn, $0) }
            }
        }
        return try await concurrentMap(found.compactMap { $0 }, limit: options.concurrency) { arn, attributes in
            try await withResourceContext(kind: kind, name: ARN.name(arn), action: "read") {
                try await live(arn: arn, attributes: attributes, context: context)
            }
        }
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        let arns = try await client.allPages(.sns, "ListTopics", [:], items: "Topics").compactMap { $0["TopicArn"].string }
            .filter { $0.hasPrefix("arn:\(context.partition):sns:\(context.region):") }
        let owned = try await concurrentMap(arns, limit: options.concurrency) { arn -> LiveResource? in
            // Already read by this plan: its tags are known, no second call.
            if let seen = known[ARN.name(arn)] { return seen }
            let tags = try await TopicDriver.tags(of: arn, client: client)
            guard tags?[OwnershipTag.stack] == context.stackName else { return nil }
            return try await readTopic(arn: arn, context: context)
        }
        return owned.compactMap { $0 }
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        let name = try a.string("name")
        var attributes: [String: AWSValue] = ["Policy": .string(PolicyDocument.encode(try a.generated("policy")))]
        if let display = try a.optionalString("display_name") { attributes["DisplayName"] = .string(display) }
        if let key = try a.optionalString("kms_key") { attributes["KmsMasterKeyId"] = .string(key) }
        if name.hasSuffix(".fifo") { attributes["FifoTopic"] = "true" }
        let tags = Tags.toList(try a.stringMap("tags"))
        let reply = try await client.call(.sns, "CreateTopic", ["Name": .string(name), "Attributes": .map(attributes), "Tags": tags])
        return ["name": .string(name), "arn": .string(reply["TopicArn"].string ?? ARN.topic(name, context))]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        let arn = tagTarget(live, context: context)
        func set(_ attribute: String, _ value: String) async throws {
            _ = try await client.call(.sns, "SetTopicAttributes", [
                "TopicArn": .string(arn), "AttributeName": .string(attribute), "AttributeValue": .string(value),
            ])
        }
        if a.properties["display_name"] != live.properties["display_name"] {
            try await set("DisplayName", try a.optionalString("display_name") ?? "")
        }
        let wantKey = try a.optionalString("kms_key")
        if !KMSKeyReference.same(wantKey, live.properties["kms_key"]?.stringValue) {
            try await set("KmsMasterKeyId", wantKey ?? "")
        }
        let wantPolicy = try a.generated("policy")
        if wantPolicy != live.properties["policy"] {
            try await set("Policy", PolicyDocument.encode(wantPolicy))
        }
        return ["name": .string(live.physicalID), "arn": .string(arn)]
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        let arn = tagTarget(live, context: context)
        _ = try await nilIfNotFound { try await client.call(.sns, "DeleteTopic", ["TopicArn": .string(arn)]) }
        return DeleteOutcome()
    }

    // MARK: -

    /// A topic's tags; nil when the topic does not exist.
    static func tags(of arn: String, client: any AWSCalling) async throws -> [String: String]? {
        let reply = try await nilIfNotFound {
            try await client.call(.sns, "ListTagsForResource", ["ResourceArn": .string(arn)])
        }
        return reply.map { Tags.fromList($0["Tags"]) }
    }

    private func readTopic(arn: String, context: DriverContext) async throws -> LiveResource? {
        guard let attributes = try await Self.attributes(arn, client: client) else { return nil }
        return try await live(arn: arn, attributes: attributes, context: context)
    }

    /// A topic's attributes; nil when it does not exist.
    private static func attributes(_ arn: String, client: any AWSCalling) async throws -> AWSValue? {
        let reply = try await nilIfNotFound { try await client.call(.sns, "GetTopicAttributes", ["TopicArn": .string(arn)]) }
        return reply?["Attributes"]
    }

    /// A topic from its attributes, with its tags (from the ownership index, else one call).
    private func live(arn: String, attributes: AWSValue, context: DriverContext) async throws -> LiveResource {
        let client = client
        let tags = try await tags(of: arn, context: context) { try await TopicDriver.tags(of: arn, client: client) }
        let name = ARN.name(arn)
        return LiveResource(kind: kind, physicalID: name, tags: tags ?? [:], properties: [
            "name": .string(name),
            "display_name": attributes[optional: "DisplayName"],
            "kms_key": attributes[optional: "KmsMasterKeyId"],
            "policy": attributes["Policy"].string.flatMap(PolicyDocument.parse) ?? .null,
        ], attributes: ["name": .string(name), "arn": .string(arn)])
    }
}
