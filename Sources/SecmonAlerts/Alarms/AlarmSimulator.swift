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
    ///
    /// Work is bounded by the data, not by the length of `start...end`: the evaluation range
    /// slides one period at a time with running counts, and a stretch without data in range
    /// is skipped at once (an evaluation of an empty range gives the same state every time).
    public func transitions(datapoints byPeriod: [Date: StatisticSet], start: Date, end: Date) -> [Transition] {
        let p = TimeInterval(alarm.period)
        let width = alarm.evaluationRange
        guard let first = slot(of: start), let last = slot(of: end), first <= last else { return [] }
        var classes: [Int: Bool] = [:]  // slot -> breaches
        var values: [Int: Double] = [:]
        for (time, set) in byPeriod {
            guard let k = slot(of: time), let value = set.value(of: alarm.statistic) else { continue }
            values[k] = value
            classes[k] = alarm.comparisonOperator.breaches(value, threshold: alarm.threshold)
        }
        let dataSlots = classes.keys.sorted()
        var next = dataSlots.firstIndex { $0 > first - width } ?? dataSlots.endIndex
        var window: [(slot: Int, breaches: Bool)] = []  // real datapoints in range, oldest first
        var head = 0
        var breaching = 0
        var state = AlarmState.insufficientData
        var out: [Transition] = []
        var k = first
        while k <= last {
            while next < dataSlots.endIndex, dataSlots[next] <= k {
                let b = classes[dataSlots[next]] ?? false
                window.append((dataSlots[next], b))
                if b { breaching += 1 }
                next += 1
            }
            while head < window.count, window[head].slot <= k - width {
                if window[head].breaches { breaching -= 1 }
                head += 1
            }
            if head > 1024, head * 2 > window.count {
                window.removeFirst(head)
                head = 0
            }
            let real = window.count - head
            let older = max(0, real - alarm.evaluationPeriods)  // at most 2: the range is N + 2 slots
            var newestBreaching = breaching
            for i in head..<(head + older) where window[i].breaches { newestBreaching -= 1 }
            let summary = AlarmEvaluator.RangeSummary(
                slots: width, real: real, breaching: breaching, newestBreaching: newestBreaching,
                oldestRealAge: real == 0 ? 0 : k - window[head].slot + 1)
            let nextState = AlarmEvaluator.nextState(
                summary, evaluationPeriods: alarm.evaluationPeriods, datapointsToAlarm: alarm.datapointsToAlarm,
                treatMissingData: alarm.treatMissingData, current: state)
            if nextState != state {
                let range = ((k - width + 1)...k).map { values[$0] }
                out.append(Transition(time: Date(timeIntervalSince1970: Double(k + 1) * p), from: state, to: nextState, range: range))
                state = nextState
            }
            if real == 0 {
                guard next < dataSlots.endIndex else { break }
                k = max(k + 1, dataSlots[next])
            } else {
                k += 1
            }
        }
        return out
    }

    /// The index of the period holding `time` (periods since the epoch), or nil for a time no
    /// simulation can reach (out of Int range).
    func slot(of time: Date) -> Int? {
        let index = (time.timeIntervalSince1970 / Double(alarm.period)).rounded(.down)
        guard index.isFinite, abs(index) < 1e15 else { return nil }
        return Int(index)
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
