import Foundation
import SecmonStack

/// What a backtest replays: every metric filter of a stack that an alarm watches, and those
/// alarms. Every record is offered to every filter: the inputs are assumed to be the CloudTrail
/// logs that feed the filters' log group. The same plan drives the local engine (files) and
/// Athena (SQL), so both report through the same alarm simulation.
public struct BacktestPlan: Sendable {
    public struct Filter: Sendable {
        public var id: String
        public var metric: MetricFilter
        public var prefilter: MatchPrefilter
        /// Properties the pattern tests, shown for each matching event (`requestParameters.secretId`).
        public var keyFields: [JSONSelector]
    }

    public struct Alarm: Sendable {
        public var id: String
        public var filterIndex: Int
        public var definition: AlarmDefinition
    }

    public var filters: [Filter]
    public var alarms: [Alarm]

    /// Nil when the stack has no alarm on a metric filter to replay.
    /// - Parameter offline: the account and region a secret's `${id.read_pattern}` is built for.
    public init?(stack: ValidatedStack, offline: OfflineAccount = .example) {
        let lintStack = LintedStack(AlertStackChecks.lintResources(stack), offline: offline)
        var filters: [Filter] = []
        var alarms: [Alarm] = []
        for alarm in lintStack.all("alarm") {
            guard let resource = lintStack.filter(watchedBy: alarm), let metric = lintStack.parsed(resource),
                  let definition = try? StackTestSuite.definition(of: alarm) else { continue }
            let index = filters.firstIndex { $0.id == resource.id } ?? filters.count
            if index == filters.count { filters.append(Filter(id: resource.id, metric: metric)) }
            alarms.append(Alarm(id: alarm.id, filterIndex: index, definition: definition))
        }
        guard !alarms.isEmpty else { return nil }
        self.init(filters: filters, alarms: alarms)
    }

    public init(filters: [Filter], alarms: [Alarm]) {
        self.filters = filters
        self.alarms = alarms
    }
}

extension BacktestPlan.Filter {
    public init(id: String, metric: MetricFilter) {
        self.id = id
        self.metric = metric
        prefilter = MatchPrefilter(metric.pattern)
        // eventName, eventSource and eventTime are on every line already.
        let shown: Set<String> = ["$.eventName", "$.eventSource", "$.eventTime"]
        var seen = Set<String>()
        keyFields = metric.pattern.jsonSelectors.filter { !shown.contains($0.text) && seen.insert($0.text).inserted }
    }
}

/// The time window a backtest replays: [from, to).
public struct BacktestWindow: Sendable, Hashable {
    public var from: Date?
    public var to: Date?

    /// Refuses a window that holds no time at all.
    public init(from: Date?, to: Date?) throws(BacktestError) {
        if let from, let to, from >= to {
            throw BacktestError("--from (\(BacktestReport.timestamp(from))) must be before --to (\(BacktestReport.timestamp(to)))")
        }
        self.from = from
        self.to = to
    }

    public var description: String {
        "[\(from.map(BacktestReport.timestamp) ?? "the first record"), \(to.map(BacktestReport.timestamp) ?? "the last record"))"
    }

    func contains(_ time: Date) -> Bool {
        if let from, time < from { return false }
        if let to, time >= to { return false }
        return true
    }
}

public struct BacktestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A matching record as a person scans a list of them.
public struct MatchedEvent: Sendable, Hashable, Codable {
    public var time: String?
    public var eventID: String?
    public var eventName: String?
    public var principal: String?
    public var sourceIPAddress: String?
    /// The pattern's other properties (`requestParameters.secretId`), by selector without `$.`.
    public var fields: [String: String]
    /// Where the record was: file order, then record order; sorts ties deterministically.
    var order: Int64 = 0
    var date: Date?

    enum CodingKeys: String, CodingKey { case time, eventID, eventName, principal, sourceIPAddress, fields }

    init(_ event: LogEvent, keyFields: [JSONSelector], order: Int64) {
        let summary = EventSummary(event)
        time = summary?.time
        eventName = summary?.eventName
        principal = summary?.principal
        eventID = event.json?["eventID"]?.scalarText
        sourceIPAddress = event.json?["sourceIPAddress"]?.scalarText
        var fields: [String: String] = [:]
        if let json = event.json {
            for selector in keyFields {
                let values = selector.select(in: json).compactMap(\.scalarText)
                if !values.isEmpty { fields[String(selector.text.dropFirst(2))] = values.joined(separator: ",") }
            }
        }
        self.fields = fields
        self.order = order
        self.date = event.timestamp
    }

    static func precedes(_ a: MatchedEvent, _ b: MatchedEvent) -> Bool {
        switch (a.date, b.date) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return false
        case (_?, nil): return true
        default: return a.order < b.order
        }
    }
}

/// What one file contributed: its records' statistics per filter, in 10-second buckets (ten
/// seconds divides every valid alarm period), and its matching events.
public struct BacktestFileResult: Sendable {
    public enum Outcome: Sendable, Hashable {
        case read
        case skipped(String)
        case failed(String)
    }

    public struct Tally: Sendable {
        public var buckets: [Int: StatisticSet] = [:]
        public var matchCount = 0
        public var matches: [MatchedEvent] = []
        public var untimedMatches: [MatchedEvent] = []
    }

    public static let bucketSeconds = 10

    public var name: String
    public var outcome: Outcome = .read
    public var records = 0
    public var untimed = 0
    public var outsideWindow = 0
    /// Earliest and latest record time, window or not (to say where the data is).
    public var earliest: Date?
    public var latest: Date?
    public var tallies: [Tally]

    public init(name: String, outcome: Outcome, filterCount: Int) {
        self.name = name
        self.outcome = outcome
        tallies = Array(repeating: Tally(), count: filterCount)
    }

    /// Scans one file's bytes (gzip or not) through every filter of `plan`.
    public static func scan(_ raw: [UInt8], name: String, index: Int, plan: BacktestPlan, window: BacktestWindow,
                            sizeLimit: Int = CloudTrailFile.defaultSizeLimit) -> BacktestFileResult {
        var result = BacktestFileResult(name: name, outcome: .read, filterCount: plan.filters.count)
        do throws(CloudTrailFileProblem) {
            let bytes = try CloudTrailFile.contents(raw, name: name, limit: sizeLimit)
            try bytes.withUnsafeBufferPointer { (buffer) throws(CloudTrailFileProblem) in
                let records = try CloudTrailFile.records(in: buffer)
                try result.add(records, in: buffer, fileIndex: index, plan: plan, window: window)
            }
        } catch {
            switch error {
            case .notCloudTrail(let reason): result.outcome = .skipped(reason)
            case .unreadable(let reason): result.outcome = .failed(reason)
            }
            result.records = 0
            result.tallies = Array(repeating: Tally(), count: plan.filters.count)
        }
        return result
    }

    mutating func add(_ records: [CloudTrailFile.Record], in buffer: UnsafeBufferPointer<UInt8>, fileIndex: Int,
                      plan: BacktestPlan, window: BacktestWindow) throws(CloudTrailFileProblem) {
        self.records = records.count
        let counts = MatchPrefilter.ByteCounts(sampling: buffer)
        var escapes = MatchPrefilter.Scan(MatchPrefilter(literals: [Array("\\u".utf8)]), in: buffer, counts: counts)
        var scans = plan.filters.map { MatchPrefilter.Scan($0.prefilter, in: buffer, counts: counts) }
        for (recordIndex, record) in records.enumerated() {
            if let time = record.time {
                earliest = min(earliest ?? time, time)
                latest = max(latest ?? time, time)
                guard window.contains(time) else { outsideWindow += 1; continue }
            } else {
                untimed += 1
            }
            var parsed: LogEvent?
            func event() throws(CloudTrailFileProblem) -> LogEvent {
                if let parsed { return parsed }
                let slice = UnsafeBufferPointer(rebasing: buffer[record.range])
                let json: EventJSON
                do throws(EventJSONParser.Failure) { json = try EventJSONParser.parse(slice) } catch {
                    throw .unreadable("record \(recordIndex + 1) is not valid JSON: \(error)")
                }
                let made = LogEvent(message: String(decoding: slice, as: UTF8.self), timestamp: record.time, json: json)
                parsed = made
                return made
            }
            for (f, filter) in plan.filters.enumerated() {
                let mayMatch = scans[f].mayMatch(record.range, in: buffer) || escapes.mayMatch(record.range, in: buffer)
                let emission = mayMatch
                    ? filter.metric.emission(for: try event())
                    : filter.metric.defaultValue.map { MetricEmission(value: $0, dimensions: [:], matched: false) }
                // Samples with dimensions are other metrics than the dimensionless one alarms watch.
                guard let emission, emission.dimensions.isEmpty else { continue }
                if emission.matched {
                    tallies[f].matchCount += 1
                    let matched = MatchedEvent(try event(), keyFields: filter.keyFields, order: Int64(fileIndex) << 32 | Int64(recordIndex))
                    if record.time == nil { tallies[f].untimedMatches.append(matched) } else { tallies[f].matches.append(matched) }
                }
                guard let time = record.time else { continue }
                let bucket = Int((time.timeIntervalSince1970 / Double(Self.bucketSeconds)).rounded(.down))
                tallies[f].buckets[bucket, default: StatisticSet()].add(emission.value)
            }
        }
    }
}
