import Foundation

/// Replays a metric's samples through an alarm, period by period.
///
/// Assumptions (AWS does not document them; see docs/alarm-simulation.md):
/// - periods are aligned to multiples of the period since the Unix epoch (12:00, 12:05, ...);
/// - the alarm is evaluated once per period, at the end of the period, over the periods that
///   have ended (real CloudWatch evaluates every minute and may act on a partial period, so a
///   real transition can come up to one period earlier);
/// - a metric filter's sample belongs to the period of its log event's timestamp, and data is
///   available immediately (no ingestion delay);
/// - the alarm starts in INSUFFICIENT_DATA at `start`.
public struct AlarmSimulator: Sendable {
    public var alarm: AlarmDefinition

    public init(alarm: AlarmDefinition) {
        self.alarm = alarm
    }

    /// One evaluation that changed the alarm's state.
    public struct Transition: Sendable, Hashable, CustomStringConvertible {
        public var time: Date
        public var from: AlarmState
        public var to: AlarmState
        /// The statistic's values of the evaluation range, oldest first (nil = missing).
        public var range: [Double?]

        public var description: String {
            "\(ISO8601DateFormatter().string(from: time)): \(from.rawValue) -> \(to.rawValue)"
        }
    }

    /// The start of the period holding `time`.
    public func periodStart(of time: Date) -> Date {
        let seconds = time.timeIntervalSince1970
        let p = Double(alarm.period)
        return Date(timeIntervalSince1970: (seconds / p).rounded(.down) * p)
    }

    /// Groups samples (time, value) into periods.
    public func datapoints(_ samples: [(time: Date, value: Double)]) -> [Date: StatisticSet] {
        var byPeriod: [Date: StatisticSet] = [:]
        for sample in samples { byPeriod[periodStart(of: sample.time), default: StatisticSet()].add(sample.value) }
        return byPeriod
    }

    /// Evaluates at the end of every period from the one holding `start` to the one holding
    /// `end` (inclusive) and returns the state changes.
    public func transitions(samples: [(time: Date, value: Double)], start: Date, end: Date) -> [Transition] {
        transitions(datapoints: datapoints(samples), start: start, end: end)
    }

    /// As above, from statistics already grouped by period start (see `BacktestTotals.datapoints`).
    public func transitions(datapoints byPeriod: [Date: StatisticSet], start: Date, end: Date) -> [Transition] {
        let p = TimeInterval(alarm.period)
        var state = AlarmState.insufficientData
        var out: [Transition] = []
        var periodBegin = periodStart(of: start)
        let last = periodStart(of: end)
        while periodBegin <= last {
            let evaluationTime = periodBegin.addingTimeInterval(p)
            var values: [Double?] = []
            var classes: [DatapointClass] = []
            for k in stride(from: alarm.evaluationRange - 1, through: 0, by: -1) {
                let slot = periodBegin.addingTimeInterval(-Double(k) * p)
                let value = byPeriod[slot]?.value(of: alarm.statistic)
                values.append(value)
                if let value {
                    classes.append(alarm.comparisonOperator.breaches(value, threshold: alarm.threshold) ? .breaching : .notBreaching)
                } else {
                    classes.append(.missing)
                }
            }
            let next = AlarmEvaluator.nextState(
                range: classes, evaluationPeriods: alarm.evaluationPeriods, datapointsToAlarm: alarm.datapointsToAlarm,
                treatMissingData: alarm.treatMissingData, current: state)
            if next != state {
                out.append(Transition(time: evaluationTime, from: state, to: next, range: values))
                state = next
            }
            periodBegin = evaluationTime
        }
        return out
    }

    /// Convenience: a metric filter over log events, then the alarm. Samples with dimensions
    /// belong to other metrics than the dimensionless one an alarm of this stack watches, so
    /// they are left out. Events without a timestamp are skipped.
    public func transitions(filter: MetricFilter, events: [LogEvent], start: Date, end: Date) -> [Transition] {
        var samples: [(time: Date, value: Double)] = []
        for event in events {
            guard let time = event.timestamp, let emission = filter.emission(for: event), emission.dimensions.isEmpty else { continue }
            samples.append((time, emission.value))
        }
        return transitions(samples: samples, start: start, end: end)
    }
}
