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
        var reads: [SecretRead] = []
        var token: String?
        repeat {
            var input: [String: AWSValue] = [
                "logGroupName": .string(group), "filterPattern": .string(SecretReadPattern.pattern(for: identity)),
                "startTime": .integer(Int64(since.timeIntervalSince1970 * 1000)),
                "endTime": .integer(Int64(until.timeIntervalSince1970 * 1000)),
            ]
            if let token { input["nextToken"] = .string(token) }
            let page = try await client.call(.logs, "FilterLogEvents", .map(input))
            for event in page["events"].list {
                // CloudWatch Logs applied the pattern; judging again here keeps an endpoint that
                // ignores filterPattern (moto) from listing other events.
                reads += Self.reads(in: event["message"].string, pattern: pattern, identity: identity)
            }
            token = page["nextToken"].string
        } while token != nil
        return reads.sorted { $0.time < $1.time }
    }

    /// moto does not implement LookupEvents: this is tested against hand-written replies in the
    /// shape of the CloudTrail API reference (WhoReadTests).
    func fromEventHistory(pattern: FilterPattern, identity: SecretIdentity, since: Date, until: Date) async throws -> [SecretRead] {
        var reads: [SecretRead] = []
        var first = true
        for eventName in ["GetSecretValue", "BatchGetSecretValue"] {
            var token: String?
            repeat {
                if !first { try await sleep(lookupInterval) }
                first = false
                var input: [String: AWSValue] = [
                    "LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": .string(eventName)]],
                    "StartTime": .timestamp(since), "EndTime": .timestamp(until), "MaxResults": 50,
                ]
                if let token { input["NextToken"] = .string(token) }
                let page = try await client.call(.cloudtrail, "LookupEvents", .map(input))
                for event in page["Events"].list {
                    reads += Self.reads(in: event["CloudTrailEvent"].string, pattern: pattern, identity: identity)
                }
                token = page["NextToken"].string
            } while token != nil
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
