/// The pipeline doctor checks and drill sets off: the names of its parts, whether they come from
/// a stack or were discovered around an existing secret. Live state is read separately.
public struct PipelineTarget: Sendable, Codable, Hashable {
    /// Where the description came from, for the checklist's subject line.
    public enum Origin: Sendable, Codable, Hashable {
        case stack(String)
        case discovered
    }

    public struct Subscription: Sendable, Codable, Hashable {
        public var `protocol`: String
        public var endpoint: String
        public init(protocol: String, endpoint: String) {
            self.protocol = `protocol`
            self.endpoint = endpoint
        }
    }

    public var origin: Origin
    /// The secret's name or ARN (as DescribeSecret accepts it).
    public var secret: String
    public var trailName: String?
    /// The log group's name; when nil, the trail's log group is used.
    public var logGroupName: String?
    public var metricFilterName: String?
    public var alarmName: String?
    /// The topic's name or ARN; when nil, the first SNS topic among the alarm's actions is used.
    public var topic: String?
    /// The EventBridge rule of the real-time path (reads of the secret -> the topic); nil when
    /// the pipeline has none, and then its links are not checked.
    public var eventRuleName: String?
    /// Subscriptions the stack declares; empty when discovered (then any subscription counts).
    public var expectedSubscriptions: [Subscription]
    /// What was decided while building this target (e.g. which of two trails was chosen).
    public var notes: [String]

    public init(origin: Origin, secret: String, trailName: String? = nil, logGroupName: String? = nil,
                metricFilterName: String? = nil, alarmName: String? = nil, topic: String? = nil,
                eventRuleName: String? = nil, expectedSubscriptions: [Subscription] = [], notes: [String] = []) {
        self.origin = origin
        self.secret = secret
        self.trailName = trailName
        self.logGroupName = logGroupName
        self.metricFilterName = metricFilterName
        self.alarmName = alarmName
        self.topic = topic
        self.eventRuleName = eventRuleName
        self.expectedSubscriptions = expectedSubscriptions
        self.notes = notes
    }
}
