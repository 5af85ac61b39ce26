import Foundation

/// Every file's contribution, merged in file order (never in the order workers finish), so a
/// run on many cores adds the same numbers in the same order as a run on one.
public struct BacktestTotals: Sendable {
    public struct FileNote: Sendable, Hashable, Codable {
        public var file: String
        public var reason: String
    }

    /// Matching events kept per filter (the earliest ones); counts stay exact beyond it.
    public static let eventLimit = 10_000

    public private(set) var filesRead = 0
    public private(set) var skipped: [FileNote] = []
    public private(set) var failed: [FileNote] = []
    public private(set) var records = 0
    public private(set) var untimed = 0
    public private(set) var outsideWindow = 0
    public private(set) var earliest: Date?
    public private(set) var latest: Date?
    public private(set) var tallies: [BacktestFileResult.Tally]

    public init(filterCount: Int) {
        tallies = Array(repeating: BacktestFileResult.Tally(), count: filterCount)
    }

    /// Records placed in the window (timed and inside it).
    public var recordsInWindow: Int { records - untimed - outsideWindow }

    public mutating func merge(_ file: BacktestFileResult) {
        switch file.outcome {
        case .skipped(let reason): skipped.append(FileNote(file: file.name, reason: reason)); return
        case .failed(let reason): failed.append(FileNote(file: file.name, reason: reason)); return
        case .read: filesRead += 1
        }
        records += file.records
        untimed += file.untimed
        outsideWindow += file.outsideWindow
        if let e = file.earliest { earliest = min(earliest ?? e, e) }
        if let l = file.latest { latest = max(latest ?? l, l) }
        for (f, tally) in file.tallies.enumerated() {
            for (bucket, set) in tally.buckets { tallies[f].buckets[bucket, default: StatisticSet()].merge(set) }
            tallies[f].matchCount += tally.matchCount
            tallies[f].matches += tally.matches
            tallies[f].untimedMatches += tally.untimedMatches
            if tallies[f].matches.count > 2 * Self.eventLimit { tallies[f].matches = Self.earliest(tallies[f].matches) }
            if tallies[f].untimedMatches.count > 2 * Self.eventLimit { tallies[f].untimedMatches = Self.earliest(tallies[f].untimedMatches) }
        }
    }

    /// The first `eventLimit` events in time order (ties in file and record order).
    static func earliest(_ events: [MatchedEvent]) -> [MatchedEvent] {
        Array(events.sorted(by: MatchedEvent.precedes).prefix(eventLimit))
    }

    /// A filter's statistics per alarm period (periods aligned to the epoch).
    public func datapoints(filter: Int, period: Int) -> [Date: StatisticSet] {
        var out: [Date: StatisticSet] = [:]
        // In time order: floating-point sums must not depend on a dictionary's hash order.
        for (bucket, set) in tallies[filter].buckets.sorted(by: { $0.key < $1.key }) {
            let seconds = bucket * BacktestFileResult.bucketSeconds
            let start = seconds - ((seconds % period) + period) % period
            out[Date(timeIntervalSince1970: Double(start)), default: StatisticSet()].merge(set)
        }
        return out
    }
}
