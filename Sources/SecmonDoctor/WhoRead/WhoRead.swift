import AWSClient
import Foundation
import SecmonAlerts
import SecmonCore

/// `secmon who-read`: every read of one secret in a time window, from the first source that can
/// answer:
///
/// 1. the pipeline's log group, through FilterLogEvents with the secret's own read pattern
///    (CloudWatch Logs does the scan; the trail's records since the stack was set up);
/// 2. CloudTrail LookupEvents (the last 90 days of management events of this region, no trail
///    needed), by event name, each record judged by the same pattern here. LookupEvents allows
///    2 requests per second per account and region: requests are spaced by `lookupInterval`.
///
/// Only DescribeSecret touches the secret itself (for its ARN): never its value.
public struct WhoRead: Sendable {
    public struct Report: Sendable, Codable, Hashable {
        public var secret: String
        public var arn: String
        /// `logs:GROUP` or `cloudtrail:LookupEvents`.
        public var source: String
        public var since: Date
        public var until: Date
        public var reads: [SecretRead]
        /// Why a source was passed over, or a window shortened.
        public var notes: [String]
    }

    let client: any AWSCalling
    let lookupInterval: Duration
    let sleep: @Sendable (Duration) async throws -> Void

    /// LookupEvents' documented limit: 2 requests per second.
    public static let lookupEventsInterval = Duration.milliseconds(500)
    /// How far back LookupEvents reaches.
    public static let lookupEventsHorizon: TimeInterval = 90 * 86400

    public init(client: any AWSCalling, lookupInterval: Duration = lookupEventsInterval,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.client = client
        self.lookupInterval = lookupInterval
        self.sleep = sleep
    }

    public func run(secret: String, logGroup: String?, since: Date, until: Date = Date()) async throws -> Report {
        let described = try await client.call(.secretsmanager, "DescribeSecret", ["SecretId": .string(secret)])
        guard let name = described["Name"].string, let arn = described["ARN"].string,
              let identity = SecretIdentity(name: name, fullARN: arn) else {
            throw WhoReadError("DescribeSecret of \(secret) returned no usable name and ARN")
        }
        let pattern = try FilterPattern(SecretReadPattern.pattern(for: identity))
        var report = Report(secret: name, arn: arn, source: "", since: since, until: until, reads: [], notes: [])
        if let logGroup {
            do {
                report.reads = try await fromLogGroup(logGroup, pattern: pattern, identity: identity, since: since, until: until)
                report.source = "logs:\(logGroup)"
                return report
            } catch let error as AWSError where error.isNotFound {
                report.notes.append("log group \(logGroup) not found; reading CloudTrail event history instead")
            }
        }
        var start = since
        if until.timeIntervalSince(since) > Self.lookupEventsHorizon {
            start = until.addingTimeInterval(-Self.lookupEventsHorizon)
            report.notes.append("CloudTrail event history holds 90 days: reads before \(ISO8601DateFormatter().string(from: start)) are not shown")
        }
        report.since = start
        report.reads = try await fromEventHistory(pattern: pattern, identity: identity, since: start, until: until)
        report.source = "cloudtrail:LookupEvents"
        return report
    }

    func fromLogGroup(_ group: String, pattern: FilterPattern, identity: SecretIdentity, since: Date, until: Date) async throws -> [SecretRead] {
        let events = try await client.allPages(.logs, "FilterLogEvents", [
            "logGroupName": .string(group), "filterPattern": .string(SecretReadPattern.pattern(for: identity)),
            "startTime": .integer(Int64(since.timeIntervalSince1970 * 1000)),
            "endTime": .integer(Int64(until.timeIntervalSince1970 * 1000)),
        ], items: "events")
        // CloudWatch Logs applied the pattern; judging again here keeps an endpoint that
        // ignores filterPattern (moto) from listing other events.
        return events.flatMap { Self.reads(in: $0["message"].string, pattern: pattern, identity: identity) }
            .sorted { $0.time < $1.time }
    }

    /// moto does not implement LookupEvents: this is tested against hand-written replies in the
    /// shape of the CloudTrail API reference (WhoReadTests).
    func fromEventHistory(pattern: FilterPattern, identity: SecretIdentity, since: Date, until: Date) async throws -> [SecretRead] {
        let spaced = SpacedCalls(client: client, interval: lookupInterval, sleep: sleep)
        var reads: [SecretRead] = []
        for eventName in ["GetSecretValue", "BatchGetSecretValue"] {
            let events = try await spaced.allPages(.cloudtrail, "LookupEvents", [
                "LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": .string(eventName)]],
                "StartTime": .timestamp(since), "EndTime": .timestamp(until), "MaxResults": 50,
            ], items: "Events")
            reads += events.flatMap { Self.reads(in: $0["CloudTrailEvent"].string, pattern: pattern, identity: identity) }
        }
        return reads.sorted { $0.time < $1.time }
    }

    static func reads(in text: String?, pattern: FilterPattern, identity: SecretIdentity) -> [SecretRead] {
        guard let text else { return [] }
        let event = LogEvent(message: text)
        guard let json = event.json, pattern.matches(event) else { return [] }
        return SecretRead.reads(in: json, of: identity)
    }
}

public struct WhoReadError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Calls through `client` at most once per `interval` (LookupEvents' 2 requests a second).
final class SpacedCalls: AWSCalling, @unchecked Sendable {
    let client: any AWSCalling
    let interval: Duration
    let sleep: @Sendable (Duration) async throws -> Void
    private let lock = NSLock()
    private var calls = 0

    init(client: any AWSCalling, interval: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.client = client
        self.interval = interval
        self.sleep = sleep
    }

    var region: String { client.region }

    func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        let earlier = lock.withLock { () -> Int in
            calls += 1
            return calls - 1
        }
        if earlier > 0 { try await sleep(interval) }
        return try await client.call(service, operation, input)
    }
}
