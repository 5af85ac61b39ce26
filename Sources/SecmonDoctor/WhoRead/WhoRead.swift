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
///    2 requests per second per account and region: requests are spaced by `lookupInterval`;
/// 3. the trail's log files in S3, when LookupEvents cannot answer (access denied, an endpoint
///    without it) and the pipeline has a trail: each day's objects under
///    `[PREFIX/]AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/`, read by the backtest's CloudTrail
///    reader (`CloudTrailFile`), each record judged by the same pattern.
///
/// `Source` picks one of them instead of the first that answers.
///
/// Only DescribeSecret touches the secret itself (for its ARN): never its value.
public struct WhoRead: Sendable {
    public struct Report: Sendable, Codable, Hashable {
        public var secret: String
        public var arn: String
        /// `logs:GROUP`, `cloudtrail:LookupEvents` or `s3://BUCKET/PREFIX` (the trail's objects).
        public var source: String
        public var since: Date
        public var until: Date
        public var reads: [SecretRead]
        /// Why a source was passed over, or a window shortened.
        public var notes: [String]
    }

    /// Where to read the reads: the first source that answers, or one of them.
    public enum Source: String, Sendable, CaseIterable {
        case auto, logs, lookup, s3
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

    public func run(secret: String, logGroup: String?, trail: String? = nil, source: Source = .auto,
                    since: Date, until: Date = Date()) async throws -> Report {
        let described = try await client.call(.secretsmanager, "DescribeSecret", ["SecretId": .string(secret)])
        guard let name = described["Name"].string, let arn = described["ARN"].string,
              let identity = SecretIdentity(name: name, fullARN: arn) else {
            throw WhoReadError("DescribeSecret of \(secret) returned no usable name and ARN")
        }
        let pattern = try FilterPattern(SecretReadPattern.pattern(for: identity))
        var report = Report(secret: name, arn: arn, source: "", since: since, until: until, reads: [], notes: [])
        if source == .auto || source == .logs {
            if let logGroup {
                do {
                    report.reads = try await fromLogGroup(logGroup, pattern: pattern, identity: identity, since: since, until: until)
                    report.source = "logs:\(logGroup)"
                    return report
                } catch let error as AWSError where error.isNotFound && source == .auto {
                    report.notes.append("log group \(logGroup) not found; reading CloudTrail event history instead")
                }
            } else if source == .logs {
                throw WhoReadError("the pipeline has no log group to read; try --source lookup or --source s3")
            }
        }
        if source == .auto || source == .lookup {
            var start = since
            var notes: [String] = []
            if until.timeIntervalSince(since) > Self.lookupEventsHorizon {
                start = until.addingTimeInterval(-Self.lookupEventsHorizon)
                notes.append("CloudTrail event history holds 90 days: reads before \(ISO8601DateFormatter().string(from: start)) are not shown")
            }
            do {
                report.reads = try await fromEventHistory(pattern: pattern, identity: identity, since: start, until: until)
                report.since = start
                report.notes += notes
                report.source = "cloudtrail:LookupEvents"
                return report
            } catch let error as AWSError where source == .auto && trail != nil {
                report.notes.append("CloudTrail event history could not be read (\(error.code)); reading the trail's log files in S3 instead")
            }
        }
        guard let trail else {
            throw WhoReadError("the pipeline has no trail whose log files could be read; try --source logs or --source lookup")
        }
        let (location, reads, notes) = try await fromTrailObjects(trail: trail, identity: identity, pattern: pattern, since: since, until: until)
        report.reads = reads
        report.notes += notes
        report.source = location
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

    /// The trail's log files in S3, day by day: every object under
    /// `[PREFIX/]AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/` (the secret's account and region)
    /// for each UTC day from `since` to the day after `until` (a file is filed under the day it
    /// was written, at or after its records' times), inflated and split into records by
    /// `CloudTrailFile` as backtest reads them; each record in the window that names the secret
    /// is judged by the pattern. One object is in memory at a time. Returns the location read,
    /// the reads and notes (files skipped or unreadable).
    func fromTrailObjects(trail: String, identity: SecretIdentity, pattern: FilterPattern,
                          since: Date, until: Date) async throws -> (String, [SecretRead], [String]) {
        let read = await PipelineReader(client: client).readTrail(trail)
        guard let part = read.value else { throw WhoReadError("trail \(trail) cannot be read: \(read.reason ?? "unknown")") }
        guard let bucket = part.bucketName else { throw WhoReadError("trail \(trail) names no S3 bucket") }
        let base = (part.keyPrefix.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "")
            + "AWSLogs/\(identity.account)/CloudTrail/\(identity.region)/"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        var day = calendar.startOfDay(for: since)
        let last = calendar.startOfDay(for: until).addingTimeInterval(86_400)
        var reads: [SecretRead] = [], notes: [String] = []
        var files = 0, skipped = 0
        let name = identity.name
        while day <= last {
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            let prefix = base + String(format: "%04d/%02d/%02d/", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            for key in try await client.s3Keys(bucket: bucket, prefix: prefix) {
                let data = try await client.s3Object(bucket: bucket, key: key)
                do throws(CloudTrailFileProblem) {
                    let bytes = try CloudTrailFile.contents([UInt8](data), name: key)
                    let records = try bytes.withUnsafeBufferPointer { buffer throws(CloudTrailFileProblem) in
                        try CloudTrailFile.records(in: buffer)
                    }
                    files += 1
                    for record in records {
                        guard let time = record.time, time >= since, time <= until else { continue }
                        let text = String(decoding: bytes[record.range], as: UTF8.self)
                        guard text.contains(name) else { continue }
                        reads += Self.reads(in: text, pattern: pattern, identity: identity)
                    }
                } catch {
                    switch error {
                    case .notCloudTrail: skipped += 1
                    case .unreadable(let why): notes.append("s3://\(bucket)/\(key) could not be read: \(why)")
                    }
                }
            }
            day = day.addingTimeInterval(86_400)
        }
        notes.insert("read \(files) CloudTrail log file\(files == 1 ? "" : "s")\(skipped > 0 ? ", skipped \(skipped) that are not CloudTrail" : "")", at: 0)
        return ("s3://\(bucket)/\(base)", reads.sorted { $0.time < $1.time }, notes)
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
