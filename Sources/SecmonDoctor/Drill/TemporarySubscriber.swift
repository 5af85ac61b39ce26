import AWSClient

/// The drill's own SQS queue, subscribed to the topic so the notification can be seen arrive.
/// Everything it creates is listed in `created` as soon as it exists, for cleanup.
struct TemporarySubscriber: Sendable {
    var queueUrl: String
    var queueArn: String
    var subscriptionArn: String?

    /// Creates the queue, lets the topic send to it, and subscribes it. On a failure part-way,
    /// whatever was already made is still reported through `record` so it gets removed.
    static func create(client: any AWSCalling, topicArn: String, name: String,
                       record: @Sendable (TemporaryResource) async -> Void) async throws -> TemporarySubscriber {
        let created = try await uncancelled {
            try await client.call(.sqs, "CreateQueue", ["QueueName": .string(name), "tags": ["secmon:drill": "true"]])
        }
        guard let url = created["QueueUrl"].string else {
            throw DrillError("CreateQueue returned no QueueUrl")
        }
        await record(.queue(url: url))
        let attributes = try await client.call(.sqs, "GetQueueAttributes", ["QueueUrl": .string(url), "AttributeNames": ["QueueArn"]])
        guard let arn = attributes["Attributes"]["QueueArn"].string else {
            throw DrillError("GetQueueAttributes returned no QueueArn for \(url)")
        }
        _ = try await client.call(.sqs, "SetQueueAttributes", ["QueueUrl": .string(url), "Attributes": ["Policy": .string(policy(queueArn: arn, topicArn: topicArn))]])
        let subscribed = try await uncancelled {
            try await client.call(.sns, "Subscribe", [
                "TopicArn": .string(topicArn), "Protocol": "sqs", "Endpoint": .string(arn), "ReturnSubscriptionArn": true,
            ])
        }
        let subscription = subscribed["SubscriptionArn"].string
        if let subscription { await record(.subscription(arn: subscription)) }
        return TemporarySubscriber(queueUrl: url, queueArn: arn, subscriptionArn: subscription)
    }

    /// Runs a call that makes something to clean up to its reply even when the drill is
    /// interrupted: a request cancelled in flight may still have been applied, and what it made
    /// would be left behind unrecorded. Ctrl-C waits for that one reply, then stops.
    private static func uncancelled(_ call: @escaping @Sendable () async throws -> AWSValue) async throws -> AWSValue {
        try await Task.detached { try await call() }.value
    }

    /// Lets only this topic send to the queue.
    static func policy(queueArn: String, topicArn: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Sid":"secmon-drill","Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":""# + queueArn
            + #"","Condition":{"ArnEquals":{"aws:SourceArn":""# + topicArn + #""}}}]}"#
    }
}

/// Something the drill made and must remove.
enum TemporaryResource: Sendable, Hashable {
    case queue(url: String)
    case subscription(arn: String)
    case logStream(group: String, name: String)

    var description: String {
        switch self {
        case .queue(let url): return "queue \(url)"
        case .subscription(let arn): return "subscription \(arn)"
        case .logStream(let group, let name): return "log stream \(name) in \(group)"
        }
    }

    /// Removes it. Subscriptions first, then streams, then the queue (see `cleanupOrder`).
    func remove(client: any AWSCalling) async throws {
        switch self {
        case .subscription(let arn):
            _ = try await client.call(.sns, "Unsubscribe", ["SubscriptionArn": .string(arn)])
        case .logStream(let group, let name):
            _ = try await client.call(.logs, "DeleteLogStream", ["logGroupName": .string(group), "logStreamName": .string(name)])
        case .queue(let url):
            _ = try await client.call(.sqs, "DeleteQueue", ["QueueUrl": .string(url)])
        }
    }

    var cleanupOrder: Int {
        switch self {
        case .subscription: return 0
        case .logStream: return 1
        case .queue: return 2
        }
    }
}
