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
    /// `range` holds the evaluation range's datapoints, oldest first, newest last.
    public static func nextState(
        range: [DatapointClass], evaluationPeriods n: Int, datapointsToAlarm m: Int,
        treatMissingData: AlarmDefinition.TreatMissingData, current: AlarmState
    ) -> AlarmState {
        let realIndices = range.indices.filter { range[$0] != .missing }
        if realIndices.isEmpty {
            switch treatMissingData {
            case .missing: return .insufficientData
            case .ignore: return current
            case .breaching: return .alarm
            case .notBreaching: return .ok
            }
        }
        if realIndices.count >= n {
            let evaluated = realIndices.suffix(n)
            let breaching = evaluated.filter { range[$0] == .breaching }.count
            return breaching >= m ? .alarm : .ok
        }
        let breaching = realIndices.filter { range[$0] == .breaching }.count
        let fills = n - realIndices.count
        switch treatMissingData {
        case .breaching: return breaching + fills >= m ? .alarm : .ok
        case .notBreaching: return breaching >= m ? .alarm : .ok
        case .missing, .ignore:
            if breaching >= m { return .alarm }
            let allBreaching = breaching == realIndices.count
            // Age in periods of the oldest real datapoint, the newest slot being 1 period old.
            let oldestAge = range.count - realIndices[0]
            if allBreaching && oldestAge >= m {
                return treatMissingData == .missing ? .alarm : current
            }
            if treatMissingData == .missing { return .ok }
            return allBreaching ? current : .ok
        }
    }
}
