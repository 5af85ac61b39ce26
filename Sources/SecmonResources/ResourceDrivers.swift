import AWSClient
import SecmonPlan

/// Settings shared by every driver.
public struct DriverOptions: Sendable {
    /// How waits are made (eventual-consistency retries). Tests pass one that returns at once.
    public var sleeper: Sleeper
    /// The longest a driver waits out eventual consistency before failing.
    public var maxConsistencyWait: Duration
    /// Where secret values are read from, on create and value-version change only.
    public var secretValues: SecretValueSource
    /// How many calls a single read or list keeps in flight.
    public var concurrency: Int
    /// Ownership of the kinds the tagging API covers, read once per plan for all drivers; nil:
    /// every resource's tags are read on their own.
    public var ownership: StackOwnership?
    /// What this plan has listed of a child kind (see `PlanListings`); set per plan by
    /// `forPlan`, nil outside one.
    public var listings: PlanListings?

    public init(sleeper: @escaping Sleeper = { try await Task.sleep(for: $0) },
                maxConsistencyWait: Duration = .seconds(60),
                secretValues: SecretValueSource = .process,
                concurrency: Int = 10, ownership: StackOwnership? = nil) {
        self.sleeper = sleeper
        self.maxConsistencyWait = maxConsistencyWait
        self.secretValues = secretValues
        self.concurrency = concurrency
        self.ownership = ownership
    }

    var consistencyRetry: EventualConsistencyRetry {
        EventualConsistencyRetry(maxWait: maxConsistencyWait, sleeper: sleeper)
    }
}

/// The registry: one driver per stack kind.
public enum ResourceDrivers {
    /// Every kind secmon manages.
    public static let kinds = ["secret", "bucket", "role", "log_group", "trail", "metric_filter", "alarm", "topic",
                               "subscription", "event_rule", "event_target"]

    /// A driver for every kind, keyed by kind, all talking through `client`.
    public static func all(client: any AWSCalling, options: DriverOptions = DriverOptions()) -> [String: any ResourceDriver] {
        let drivers: [any ResourceDriver] = [
            SecretDriver(client: client, options: options),
            BucketDriver(client: client, options: options),
            RoleDriver(client: client, options: options),
            LogGroupDriver(client: client, options: options),
            TrailDriver(client: client, options: options),
            MetricFilterDriver(client: client, options: options),
            AlarmDriver(client: client, options: options),
            TopicDriver(client: client, options: options),
            SubscriptionDriver(client: client, options: options),
            EventRuleDriver(client: client, options: options),
            EventTargetDriver(client: client, options: options),
        ]
        return Dictionary(uniqueKeysWithValues: drivers.map { ($0.kind, $0) })
    }
}
