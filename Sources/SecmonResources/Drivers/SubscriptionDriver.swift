import AWSClient
import SecmonCore
import SecmonPlan

/// `subscription`: an SNS subscription. No tags: it is owned by the stack that owns its topic
/// (`read` fetches the topic's tags alongside its subscriptions; `listOwned` lists the
/// subscriptions of the owned topics found in `parents`).
///
/// Physical id: `<topic ARN>|<protocol>|<endpoint>` (see `physicalID(topic:protocol:endpoint:)`),
/// not the subscription ARN: until an email endpoint confirms, AWS lists the subscription with
/// the ARN "PendingConfirmation", and the triple is what identifies it either way. A pending
/// subscription is therefore found by `read` and not subscribed again. Every property forces
/// replacement.
public struct SubscriptionDriver: ResourceDriver {
    public let kind = "subscription"
    public let replaceOn: Set<String> = ["topic", "protocol", "endpoint"]
    let client: any AWSCalling
    let options: DriverOptions

    /// What AWS reports instead of an ARN for a subscription still waiting for confirmation.
    static let pendingARN = "PendingConfirmation"

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

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

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        ["topic": Normalize.string(p["topic"]), "protocol": Normalize.string(p["protocol"]),
         "endpoint": Normalize.string(p["endpoint"])]
    }

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        guard let topic = p["topic"]?.stringValue, let proto = p["protocol"]?.stringValue,
              let endpoint = p["endpoint"]?.interpolated else { return nil }
        return Self.physicalID(topic: topic, protocol: proto, endpoint: endpoint)
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        ["arn": .unknown]
    }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        let wanted = Set(physicalIDs)
        let topics = Set(physicalIDs.compactMap { Self.parse(physicalID: $0)?.topic }).sorted()
        let perTopic = try await concurrentMap(topics, limit: options.concurrency) { topic in
            try await withResourceContext(kind: kind, name: topic, action: "read") {
                let (listed, tags) = try await concurrently(
                    { try await subscriptions(of: topic) },
                    { try await TopicDriver.tags(of: topic, client: client) })
                let owner = tags?[OwnershipTag.stack]
                return listed.map { live($0, topic: topic, owner: owner) }
            }
        }
        var found: [String: LiveResource] = [:]
        for subscription in perTopic.flatMap({ $0 }) where wanted.contains(subscription.physicalID) {
            // The same endpoint subscribed twice: prefer the confirmed one.
            if let existing = found[subscription.physicalID], !Self.isPending(existing) { continue }
            found[subscription.physicalID] = subscription
        }
        return found
    }

    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        let topics = parents.filter { $0.kind == "topic" && $0.ownerStack == context.stackName }
            .map { $0.attributes["arn"]?.stringValue ?? ARN.topic($0.physicalID, context) }
        let perTopic = try await concurrentMap(topics, limit: options.concurrency) { topic in
            try await withResourceContext(kind: kind, name: topic, action: "list") {
                try await subscriptions(of: topic).map { live($0, topic: topic, owner: context.stackName) }
            }
        }
        return perTopic.flatMap { $0 }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn)
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: id, action: "create", properties: p)
        let topic = try a.string("topic"), proto = try a.string("protocol"), endpoint = try a.string("endpoint")
        let name = Self.physicalID(topic: topic, protocol: proto, endpoint: endpoint)
        return try await withResourceContext(kind: kind, name: name, action: "create") {
            // Subscribing an endpoint that is already subscribed (or pending) returns the
            // existing subscription, so a retried create makes no duplicate.
            let reply = try await client.call(.sns, "Subscribe", [
                "TopicArn": .string(topic), "Protocol": .string(proto), "Endpoint": .string(endpoint),
                "ReturnSubscriptionArn": true,
            ])
            return ["arn": reply["SubscriptionArn"].string.map(Value.string) ?? .unknown]
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        // Every property forces replacement: there is nothing to change in place.
        live.attributes
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        guard let arn = live.attributes["arn"]?.stringValue, arn.hasPrefix("arn:") else {
            return DeleteOutcome(note: "pending confirmation: AWS offers no way to remove an unconfirmed subscription; "
                + "it expires unless confirmed within 3 days")
        }
        return try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
            _ = try await nilIfNotFound { try await client.call(.sns, "Unsubscribe", ["SubscriptionArn": .string(arn)]) }
            return DeleteOutcome()
        }
    }

    // MARK: -

    static func isPending(_ live: LiveResource) -> Bool {
        live.attributes["pending_confirmation"] == .bool(true)
    }

    /// A topic's subscriptions; none when the topic does not exist.
    private func subscriptions(of topic: String) async throws -> [AWSValue] {
        let pages = try await nilIfNotFound {
            try await allPages(client, .sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topic)],
                               tokenIn: "NextToken", tokenOut: "NextToken")
        }
        return (pages ?? []).flatMap { $0["Subscriptions"].list }
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
