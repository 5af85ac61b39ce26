import SecmonCore
import SecmonStack

/// The account and region offline commands assume where the stack's live ones would be used:
/// to build a secret's `${id.read_pattern}` without reading AWS. `secmon test` always uses
/// `.example` (AWS's documentation account), and gives inline CloudTrail events that lack
/// them this account and region; `backtest` takes the real ones as flags.
public struct OfflineAccount: Sendable, Hashable {
    public var account: String
    public var region: String
    public var partition: String

    public init(account: String, region: String, partition: String = "aws") {
        self.account = account
        self.region = region
        self.partition = partition
    }

    public static let example = OfflineAccount(account: "111122223333", region: "us-east-1")

    /// A stack secret's identity in this account; the ARN's random suffix stays unknown.
    public func secret(named name: String) -> SecretIdentity {
        SecretIdentity(name: name, partition: partition, region: region, account: account)
    }

    /// An inline CloudTrail record (it names its `eventSource`) without `recipientAccountId` or
    /// `awsRegion`, which every real record has, gets this account's: test events stay short,
    /// and a test about another account or region says so.
    public func fillingEnvelope(of event: Value) -> Value {
        guard case .map(var record) = event, record["eventSource"] != nil else { return event }
        if record["recipientAccountId"] == nil { record["recipientAccountId"] = .string(account) }
        if record["awsRegion"] == nil { record["awsRegion"] = .string(region) }
        return .map(record)
    }
}

extension OfflineAccount {
    /// The secrets whose `${id.read_pattern}` a metric filter of `stack` uses: an offline
    /// command that replays real records needs the real account and region for them.
    public static func readPatternSecrets(in stack: ValidatedStack) -> [String] {
        let references = stack.resources.filter { $0.kind == "metric_filter" }
            .flatMap { $0.properties["pattern"]?.value.references ?? [] }
            .filter { $0.attribute == SecretReadPattern.attribute }
        return Array(Set(references.map(\.resource))).sorted()
    }
}
