import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `subscription`: an SNS subscription. No tags: it is owned by the stack that owns its topic
/// (`read` takes the topic's owner from the plan's ownership index, or its tags, and lists its
/// subscriptions once; `listOwned` reuses that listing for the owned topics found in `parents`,
/// or walks every subscription of the account for a stack with many topics).
///
/// Physical id: `<topic ARN>|<protocol>|<endpoint>` (see `physicalID(topic:protocol:endpoint:)`),
/// not the subscription ARN: until an email endpoint confirms, AWS lists the subscription with
/// the ARN "PendingConfirmation", and the triple is what identifies it either way. A pending
/// subscription is therefore found by `read` and not subscribed again. Every property forces
/// replacement.
public struct SubscriptionDriver: KindMapping {
    public static let schema = KindSchema.subscription
    public static let service = AWSService.sns
    public static let mapping = PropertyMapping.table(
        ["Subscribe": ["topic": "TopicArn", "protocol": "Protocol", "endpoint": "Endpoint"]])
    public static let ownedThrough: String? = "topic"
    public let client: any AWSCalling
    public var options = DriverOptions()

    /// What AWS reports instead of an ARN for a subscription still waiting for confirmation.
    static let pendingARN = "PendingConfirmation"

    public static func physicalID(topic: String, protocol proto: String, endpoint: String) -> String {
        "\(topic)|\(proto)|\(endpoint)"
    }

    /// Splits a physical id; the endpoint is everything after the second '|' (a topic ARN and
    /// a protocol never contain one).
    public static func parse(physicalID: String) -> (topic: String, protocol: String, endpoint: String)? {
        let parts = physicalID.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        return (String(parts[0]), String(parts[1]), String(parts[2]))
    }

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        guard let topic = p["topic"]?.stringValue, let proto = p["protocol"]?.stringValue,
              let endpoint = p["endpoint"]?.interpolated else { return nil }
        return Self.physicalID(topic: topic, protocol: proto, endpoint: endpoint)
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        ["arn": .unknown]
    }

    /// One group per topic: its subscriptions are listed together, with its tags (the owner).
    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        ReadGroup.byParent(ids) { Self.parse(physicalID: $0)?.topic }
    }

    public func readGroup(_ ids: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        guard let topic = ids.first.flatMap({ Self.parse(physicalID: $0)?.topic }) else { return [] }
        let wanted = Set(ids)
        // The topic's whole listing, which the orphan search reuses (`listedChildren`).
        let (listed, owner) = try await concurrently(
            { try await listedChildren(in: topic, context: context) },
            { try await parentOwner(topic, context: context) { try await TopicDriver.tags(of: topic, client: client) } })
        var found: [String: LiveResource] = [:]
        for var subscription in listed where wanted.contains(subscription.physicalID) {
            subscription.ownedThroughParent(owner)
            // The same endpoint subscribed twice: prefer the confirmed one.
            if let existing = found[subscription.physicalID], !Self.isPending(existing) { continue }
            found[subscription.physicalID] = subscription
        }
        return found.keys.sorted().compactMap { found[$0] }
    }

    public func parentScope(_ parent: LiveResource, context: DriverContext) -> String {
        parent.attributes["arn"]?.stringValue ?? ARN.topic(parent.physicalID, context)
    }

    /// A topic's subscriptions; none when the topic does not exist.
    public func children(in topic: String, owner: String?, context: DriverContext) async throws -> [LiveResource] {
        let listed = try await nilIfNotFound {
            try await client.allPages(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topic)], items: "Subscriptions")
        }
        return (listed ?? []).map { live($0, topic: topic, owner: owner) }
    }

    /// Every subscription of the account, by topic: ListSubscriptions, 100 a page.
    public func walkChildren(context: DriverContext) async throws -> [String: [LiveResource]]? {
        let listed = try await client.allPages(.sns, "ListSubscriptions", [:], items: "Subscriptions")
        return byParent(listed, parentMember: "TopicArn") { live($0, topic: $1, owner: nil) }
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        // Subscribing an endpoint that is already subscribed (or pending) returns the existing
        // subscription, so a retried create makes no duplicate.
        let reply = try await client.call(.sns, "Subscribe", [
            "TopicArn": .string(try a.string("topic")), "Protocol": .string(try a.string("protocol")),
            "Endpoint": .string(try a.string("endpoint")), "ReturnSubscriptionArn": true,
        ])
        return ["arn": reply["SubscriptionArn"].string.map(Value.string) ?? .unknown]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        // Every property forces replacement: there is nothing to change in place.
        live.attributes
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        guard let arn = live.attributes["arn"]?.stringValue, arn.hasPrefix("arn:") else {
            return DeleteOutcome(note: "pending confirmation: AWS offers no way to remove an unconfirmed subscription; "
                + "it expires unless confirmed within 3 days")
        }
        _ = try await nilIfNotFound { try await client.call(.sns, "Unsubscribe", ["SubscriptionArn": .string(arn)]) }
        return DeleteOutcome()
    }

    // MARK: -

    static func isPending(_ live: LiveResource) -> Bool {
        live.attributes["pending_confirmation"] == .bool(true)
    }

    private func live(_ subscription: AWSValue, topic: String, owner: String?) -> LiveResource {
        let proto = subscription["Protocol"].string ?? ""
        let endpoint = subscription["Endpoint"].string ?? ""
        let arn = subscription["SubscriptionArn"].string ?? Self.pendingARN
        return LiveResource(
            kind: kind, physicalID: Self.physicalID(topic: topic, protocol: proto, endpoint: endpoint),
            properties: ["topic": .string(topic), "protocol": .string(proto), "endpoint": .string(endpoint)],
            attributes: ["arn": .string(arn), "pending_confirmation": .bool(!arn.hasPrefix("arn:"))],
            ownerStack: owner, logicalID: nil)
    }
}
