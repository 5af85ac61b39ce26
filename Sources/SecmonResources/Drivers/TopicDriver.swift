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

    public func readOne(_ name: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? {
        try await readTopic(arn: ARN.topic(name, context))
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        let arns = try await client.allPages(.sns, "ListTopics", [:], items: "Topics").compactMap { $0["TopicArn"].string }
            .filter { $0.hasPrefix("arn:\(context.partition):sns:\(context.region):") }
        let owned = try await concurrentMap(arns, limit: options.concurrency) { arn -> LiveResource? in
            // Already read by this plan: its tags are known, no second call.
            if let seen = known[ARN.name(arn)] { return seen }
            let tags = try await TopicDriver.tags(of: arn, client: client)
            guard tags?[OwnershipTag.stack] == context.stackName else { return nil }
            return try await readTopic(arn: arn)
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

    private func readTopic(arn: String) async throws -> LiveResource? {
        let client = client
        let (attributesReply, tags) = try await concurrently(
            { try await nilIfNotFound { try await client.call(.sns, "GetTopicAttributes", ["TopicArn": .string(arn)]) } },
            { try await TopicDriver.tags(of: arn, client: client) })
        guard let attributes = attributesReply?["Attributes"] else { return nil }
        let name = ARN.name(arn)
        return LiveResource(kind: kind, physicalID: name, tags: tags ?? [:], properties: [
            "name": .string(name),
            "display_name": attributes[optional: "DisplayName"],
            "kms_key": attributes[optional: "KmsMasterKeyId"],
            "policy": attributes["Policy"].string.flatMap(PolicyDocument.parse) ?? .null,
        ], attributes: ["name": .string(name), "arn": .string(arn)])
    }
}
