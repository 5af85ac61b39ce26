/// One alarm evaluation: the evaluation range's datapoints in, the next state out.
///
/// Implements "Configuring how CloudWatch alarms treat missing data" (CloudWatch user guide,
/// "How alarm state is evaluated when data is missing" and "Avoiding premature transitions to
/// alarm state"); every row of its two M-of-N tables is a test.
/// 1. No real datapoint in the range: missing -> INSUFFICIENT_DATA, ignore -> keep the state,
///    breaching -> ALARM, notBreaching -> OK.
/// 2. At least N (evaluation periods) real datapoints: the N most recent real ones decide;
///    ALARM when at least M (datapoints to alarm) breach, else OK. Missing data is not used.
/// 3. Fewer than N real datapoints: all of them are used, and N minus their number are "filled
///    in": breaching -> each fill breaches; notBreaching -> none does; missing and ignore -> the
///    fills count for nothing, except for the premature-alarm rule: when every real datapoint
///    breaches and the oldest is at least M periods old, missing -> ALARM and ignore -> keep
///    the state. Otherwise, for missing -> OK; for ignore -> OK when some real datapoint does
///    not breach, else keep the state (nothing says whether the alarm condition is over).
/// The last clause and "OK" for missing with too few breaching datapoints are our reading of
/// the tables where the prose is silent; see docs/alarm-simulation.md.
public enum AlarmEvaluator {
    /// What the rules above need to know about an evaluation range, so a simulator can keep
    /// it up to date as the range slides instead of rescanning every slot.
    public struct RangeSummary: Sendable, Hashable {
        /// Slots in the range.
        public var slots: Int
        /// Real (not missing) datapoints, and how many of them breach.
        public var real: Int
        public var breaching: Int
        /// Breaching datapoints among the N most recent real ones.
        public var newestBreaching: Int
        /// Age in periods of the oldest real datapoint, the newest slot being 1 period old.
        public var oldestRealAge: Int

        public init(slots: Int, real: Int, breaching: Int, newestBreaching: Int, oldestRealAge: Int) {
            self.slots = slots
            self.real = real
            self.breaching = breaching
            self.newestBreaching = newestBreaching
            self.oldestRealAge = oldestRealAge
        }

        public init(range: [DatapointClass], evaluationPeriods n: Int) {
            let realIndices = range.indices.filter { range[$0] != .missing }
            self.init(
                slots: range.count, real: realIndices.count,
                breaching: realIndices.filter { range[$0] == .breaching }.count,
                newestBreaching: realIndices.suffix(n).filter { range[$0] == .breaching }.count,
                oldestRealAge: realIndices.first.map { range.count - $0 } ?? 0)
        }
    }

    /// `range` holds the evaluation range's datapoints, oldest first, newest last.
    public static func nextState(
        range: [DatapointClass], evaluationPeriods n: Int, datapointsToAlarm m: Int,
        treatMissingData: AlarmDefinition.TreatMissingData, current: AlarmState
    ) -> AlarmState {
        nextState(RangeSummary(range: range, evaluationPeriods: n), evaluationPeriods: n, datapointsToAlarm: m,
                  treatMissingData: treatMissingData, current: current)
    }

    public static func nextState(
        _ range: RangeSummary, evaluationPeriods n: Int, datapointsToAlarm m: Int,
        treatMissingData: AlarmDefinition.TreatMissingData, current: AlarmState
    ) -> AlarmState {
        if range.real == 0 {
            switch treatMissingData {
            case .missing: return .insufficientData
            case .ignore: return current
            case .breaching: return .alarm
            case .notBreaching: return .ok
            }
        }
        if range.real >= n {
            return range.newestBreaching >= m ? .alarm : .ok
        }
        let breaching = range.breaching
        let fills = n - range.real
        switch treatMissingData {
        case .breaching: return breaching + fills >= m ? .alarm : .ok
        case .notBreaching: return breaching >= m ? .alarm : .ok
        case .missing, .ignore:
            if breaching >= m { return .alarm }
            let allBreaching = breaching == range.real
            if allBreaching && range.oldestRealAge >= m {
                return treatMissingData == .missing ? .alarm : current
            }
            if treatMissingData == .missing { return .ok }
            return allBreaching ? current : .ok
        }
    }
}
