import Foundation
import SecmonCore

/// Everything a backtest found, as plain data; the text and the JSON are both rendered from it
/// by pure functions, so they always agree.
public struct BacktestReport: Sendable, Hashable, Codable {
    public struct Inputs: Sendable, Hashable, Codable {
        /// "files" (local files or S3 objects) or "athena".
        public var engine: String
        public var filesRead: Int
        public var filesSkipped: [BacktestTotals.FileNote]
        public var filesFailed: [BacktestTotals.FileNote]
        public var records: Int
        public var recordsInWindow: Int
        public var recordsOutsideWindow: Int
        /// Records without a usable `eventTime`: they cannot be placed in a period.
        public var untimedRecords: Int
        public var from: String?
        public var to: String?
        public var firstRecord: String?
        public var lastRecord: String?

        /// The inputs of an Athena run: records counted by the query, no files.
        public static func athena(records: Int, untimed: Int, window: BacktestWindow, first: Date?, last: Date?) -> Inputs {
            Inputs(engine: "athena", filesRead: 0, filesSkipped: [], filesFailed: [], records: records, recordsInWindow: records - untimed,
                   recordsOutsideWindow: 0, untimedRecords: untimed, from: window.from.map(timestamp), to: window.to.map(timestamp),
                   firstRecord: first.map(timestamp), lastRecord: last.map(timestamp))
        }
    }

    public struct Firing: Sendable, Hashable, Codable {
        /// When the alarm went to ALARM: the end of the period that breached.
        public var alarmAt: String
        public var periodStart: String
        public var periodEnd: String
        public var statistic: String
        /// The breaching period's value (nil when missing data breached).
        public var value: Double?
        public var threshold: Double
        public var comparison: String
        /// The matching events of the evaluation periods that fired it.
        public var events: [MatchedEvent]
    }

    public struct Alarm: Sendable, Hashable, Codable {
        public var alarm: String
        public var metricFilter: String
        public var pattern: String
        public var matchingEvents: Int
        public var firings: [Firing]
        /// Every matching event (with `--events`), earliest first.
        public var events: [MatchedEvent]?
        /// Matching records that had no usable time.
        public var untimedMatches: [MatchedEvent]
        /// Matching events not listed (beyond `BacktestTotals.eventLimit`, or not fetched by Athena).
        public var eventsNotListed: Int
    }

    public var inputs: Inputs
    public var alarms: [Alarm]

    public static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// The report of a run over files.
    public init(plan: BacktestPlan, totals: BacktestTotals, window: BacktestWindow, listEvents: Bool) {
        inputs = Inputs(
            engine: "files", filesRead: totals.filesRead, filesSkipped: totals.skipped, filesFailed: totals.failed,
            records: totals.records, recordsInWindow: totals.recordsInWindow, recordsOutsideWindow: totals.outsideWindow,
            untimedRecords: totals.untimed, from: window.from.map(Self.timestamp), to: window.to.map(Self.timestamp),
            firstRecord: totals.earliest.map(Self.timestamp), lastRecord: totals.latest.map(Self.timestamp))
        let start = window.from ?? totals.earliest, end = window.to ?? totals.latest
        alarms = plan.alarms.map { alarm in
            let tally = totals.tallies[alarm.filterIndex]
            let events = BacktestTotals.earliest(tally.matches)
            return Self.alarm(alarm, plan: plan, datapoints: totals.datapoints(filter: alarm.filterIndex, period: alarm.definition.period),
                              start: start, end: end, matchCount: tally.matchCount, events: events, listEvents: listEvents,
                              untimed: BacktestTotals.earliest(tally.untimedMatches))
        }
    }

    public init(inputs: Inputs, alarms: [Alarm]) {
        self.inputs = inputs
        self.alarms = alarms
    }

    /// One alarm's firings from its metric's statistics per period, through the alarm simulation.
    public static func alarm(_ alarm: BacktestPlan.Alarm, plan: BacktestPlan, datapoints: [Date: StatisticSet], start: Date?, end: Date?,
                             matchCount: Int, events: [MatchedEvent], listEvents: Bool, untimed: [MatchedEvent]) -> Alarm {
        let definition = alarm.definition
        var firings: [Firing] = []
        if let start, let end {
            let transitions = AlarmSimulator(alarm: definition).transitions(datapoints: datapoints, start: start, end: end)
            let period = TimeInterval(definition.period)
            for transition in transitions where transition.to == .alarm {
                let periodStart = transition.time.addingTimeInterval(-period)
                let rangeStart = transition.time.addingTimeInterval(-period * Double(definition.evaluationPeriods))
                firings.append(Firing(
                    alarmAt: timestamp(transition.time), periodStart: timestamp(periodStart), periodEnd: timestamp(transition.time),
                    statistic: definition.statistic.rawValue, value: transition.range.last ?? nil, threshold: definition.threshold,
                    comparison: definition.comparisonOperator.rawValue,
                    events: events.filter { event in event.date.map { $0 >= rangeStart && $0 < transition.time } ?? false }))
            }
        }
        let filter = plan.filters[alarm.filterIndex]
        return Alarm(alarm: alarm.id, metricFilter: filter.id, pattern: filter.metric.pattern.source, matchingEvents: matchCount,
                     firings: firings, events: listEvents ? events : nil, untimedMatches: untimed,
                     eventsNotListed: max(0, matchCount - events.count - untimed.count))
    }
}
