import Foundation
import SecmonStack

/// Replays log events through every metric filter of a stack and reports, per alarm, when it
/// would have fired and who caused it. Every event is offered to every filter: the inputs are
/// assumed to be the CloudTrail logs that feed the filters' log group.
public struct StackBacktest: Sendable {
    public struct AlarmResult: Sendable {
        public var alarm: String
        public var filter: String
        /// Events the alarm's metric filter matched.
        public var matchCount: Int
        public var result: BacktestResult
    }

    /// One per watched filter; an array (not a dictionary iterated while mutated) so adding an
    /// event updates each accumulator in place instead of copying its statistics.
    var accumulators: [MetricAccumulator] = []
    var accumulatorIndex: [String: Int] = [:]
    let alarms: [(id: String, filter: String, definition: AlarmDefinition)]
    public private(set) var eventCount = 0
    public let from: Date?
    public let to: Date?

    /// Nil when the stack has no alarm on a metric filter to replay.
    /// - Parameter offline: the account and region a secret's `${id.read_pattern}` is built for.
    public init?(stack: ValidatedStack, from: Date? = nil, to: Date? = nil, offline: OfflineAccount = .example) {
        let lintStack = LintedStack(AlertStackChecks.lintResources(stack), offline: offline)
        var alarms: [(String, String, AlarmDefinition)] = []
        for alarm in lintStack.all("alarm") {
            guard let filterResource = lintStack.filter(watchedBy: alarm), let filter = lintStack.parsed(filterResource),
                  let definition = try? StackTestSuite.definition(of: alarm) else { continue }
            if accumulatorIndex[filterResource.id] == nil {
                accumulatorIndex[filterResource.id] = accumulators.count
                accumulators.append(MetricAccumulator(filter: filter))
            }
            alarms.append((alarm.id, filterResource.id, definition))
        }
        guard !alarms.isEmpty else { return nil }
        self.alarms = alarms
        self.from = from
        self.to = to
    }

    public mutating func add(_ event: LogEvent) {
        if let time = event.timestamp {
            if let from, time < from { return }
            if let to, time >= to { return }
        }
        eventCount += 1
        for i in accumulators.indices { accumulators[i].add(event) }
    }

    public var results: [AlarmResult] {
        alarms.compactMap { alarm in
            guard let index = accumulatorIndex[alarm.filter] else { return nil }
            let metric = accumulators[index]
            return AlarmResult(alarm: alarm.id, filter: alarm.filter, matchCount: metric.matchCount,
                               result: BacktestResult(alarm: alarm.definition, metric: metric, from: from, to: to))
        }
    }

    /// Events that carried no timestamp (and so could not be placed in time).
    public var untimedCount: Int { accumulators.first?.untimedCount ?? 0 }
}
