import Foundation

/// Streams events through one metric filter, keeping only per-10-second statistics and who
/// caused the matches, so memory grows with the time span, not with the number of events.
/// Ten seconds divides every valid alarm period (10, 20, 30, multiples of 60).
public struct MetricAccumulator: Sendable {
    public let filter: MetricFilter
    public static let bucketSeconds = 10

    public private(set) var buckets: [Int: StatisticSet] = [:]
    /// Principals (EventSummary.principal, else "unknown") behind matches, per bucket.
    public private(set) var principals: [Int: [String: Int]] = [:]
    public private(set) var eventCount = 0
    public private(set) var matchCount = 0
    /// Events without a timestamp cannot be placed in time and are skipped.
    public private(set) var untimedCount = 0
    public private(set) var earliest: Date?
    public private(set) var latest: Date?

    public init(filter: MetricFilter) {
        self.filter = filter
    }

    public mutating func add(_ event: LogEvent) {
        eventCount += 1
        guard let time = event.timestamp else { untimedCount += 1; return }
        earliest = min(earliest ?? time, time)
        latest = max(latest ?? time, time)
        // Samples with dimensions are other metrics than the dimensionless one alarms watch.
        guard let emission = filter.emission(for: event), emission.dimensions.isEmpty else { return }
        let bucket = Int((time.timeIntervalSince1970 / Double(Self.bucketSeconds)).rounded(.down))
        buckets[bucket, default: StatisticSet()].add(emission.value)
        if emission.matched {
            matchCount += 1
            principals[bucket, default: [:]][EventSummary(event)?.principal ?? "unknown", default: 0] += 1
        }
    }

    /// Statistics per alarm period.
    public func datapoints(period: Int) -> [Date: StatisticSet] {
        var out: [Date: StatisticSet] = [:]
        for (bucket, set) in buckets {
            out[periodStart(bucket, period), default: StatisticSet()].merge(set)
        }
        return out
    }

    /// Who caused the matches in [from, to).
    public func principals(from: Date, to: Date) -> [String: Int] {
        var out: [String: Int] = [:]
        for (bucket, counts) in principals {
            let time = Date(timeIntervalSince1970: Double(bucket * Self.bucketSeconds))
            guard time >= from, time < to else { continue }
            for (principal, count) in counts { out[principal, default: 0] += count }
        }
        return out
    }

    private func periodStart(_ bucket: Int, _ period: Int) -> Date {
        let seconds = bucket * Self.bucketSeconds
        return Date(timeIntervalSince1970: Double(seconds - ((seconds % period) + period) % period))
    }
}

/// When an alarm would have fired over replayed events, and because of whom.
public struct BacktestResult: Sendable, Hashable {
    public struct Firing: Sendable, Hashable {
        /// The evaluation that moved the alarm to ALARM.
        public var time: Date
        /// Principals behind the matches in the evaluation range that fired it.
        public var principals: [String: Int]
    }

    public var firings: [Firing]
    public var transitions: [AlarmSimulator.Transition]

    /// Replays the accumulated metric through `alarm` from the first to the last event.
    public init(alarm: AlarmDefinition, metric: MetricAccumulator, from: Date? = nil, to: Date? = nil) {
        let simulator = AlarmSimulator(alarm: alarm)
        guard let start = from ?? metric.earliest, let end = to ?? metric.latest else {
            firings = []
            transitions = []
            return
        }
        transitions = simulator.transitions(datapoints: metric.datapoints(period: alarm.period), start: start, end: end)
        let range = TimeInterval(alarm.period * alarm.evaluationRange)
        firings = transitions.filter { $0.to == .alarm }.map { transition in
            Firing(time: transition.time, principals: metric.principals(from: transition.time.addingTimeInterval(-range), to: transition.time))
        }
    }
}
