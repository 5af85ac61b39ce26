/// Whether one read of the secret, inside one period, drives the alarm into ALARM.
///
/// The filter emits `value` (usually 1) per matching event, and, when it has a default value,
/// `default` (usually 0) for every batch of log events that does not match. So in a period with
/// one read and other traffic the alarm's statistic sees:
/// Sum = value, Maximum = value, SampleCount >= 1, Minimum = default, Average somewhere in
/// (default, value]. Average over a 1/0 count with threshold 1 therefore never fires: the
/// classic trap.
struct AlarmFiring {
    enum Verdict: Equatable {
        case fires(String)
        case firesTooOften(String)
        case neverFires(String)
        /// The filter publishes nothing above 0 per read: the metric filter's value is the fault.
        case filterValueTooLow(String)
        case cannotTell(String)
    }

    static func evaluate(_ alarm: AlarmPart, metric: MetricTransformationPart?) -> Verdict {
        if alarm.usesMetricMath { return .cannotTell("alarm \(alarm.name) uses metric math, which doctor does not evaluate") }
        if let p = alarm.extendedStatistic { return .cannotTell("alarm \(alarm.name) uses percentile \(p), which doctor does not evaluate") }
        guard let statistic = alarm.statistic else { return .cannotTell("alarm \(alarm.name) reports no statistic") }
        let value = metric.flatMap { Double($0.value) } ?? 1
        let defaultValue = metric?.defaultValue
        let t = alarm.threshold
        let rule = "\(statistic) \(symbol(alarm.comparison)) \(format(t))"

        if alarm.comparison.hasPrefix("Less") {
            return .neverFires("\(rule) fires on the absence of reads, not on a read")
        }
        if alarm.datapointsToAlarm > 1 {
            return .neverFires("\(rule) needs \(alarm.datapointsToAlarm) breaching periods of \(alarm.evaluationPeriods); one read breaches one")
        }
        if value <= 0 {
            return .filterValueTooLow("the metric filter emits \(format(value)) per read, so no statistic rises")
        }
        let strict = alarm.comparison == "GreaterThanThreshold"
        func breaches(_ x: Double) -> Bool { strict ? x > t : x >= t }

        switch statistic {
        case "Sum", "Maximum":
            return breaches(value) ? .fires("\(rule): one read gives \(format(value))")
                : .neverFires("\(rule): one read gives only \(format(value))")
        case "SampleCount":
            if let d = defaultValue {
                return .firesTooOften("SampleCount counts the default value \(format(d)) the filter emits for every other log event, so \(rule) fires without any read")
            }
            return breaches(1) ? .fires("\(rule): one read gives a count of 1") : .neverFires("\(rule): one read gives a count of 1")
        case "Average", "Minimum":
            guard let d = defaultValue else {
                return breaches(value) ? .fires("\(rule): with no default value, every datapoint is \(format(value))")
                    : .neverFires("\(rule): every datapoint is \(format(value))")
            }
            // With other traffic in the period the statistic sinks towards the default value.
            if breaches(d) {
                return .firesTooOften("\(rule) holds for the default value \(format(d)) alone, so it fires without any read")
            }
            // Average lies in (d, value]: only a strict ">" at exactly d holds for every read.
            if statistic == "Average" && strict && t == d {
                return .fires("\(rule): any read lifts the average above \(format(d))")
            }
            return .neverFires("\(rule): one read among other log events gives \(statistic == "Average" ? "an average" : "a minimum") below \(format(t)) (the filter emits \(format(d)) for every non-matching batch)")
        default:
            return .cannotTell("unknown statistic \(statistic)")
        }
    }

    static func symbol(_ comparison: String) -> String {
        switch comparison {
        case "GreaterThanOrEqualToThreshold": return ">="
        case "GreaterThanThreshold": return ">"
        case "LessThanThreshold": return "<"
        case "LessThanOrEqualToThreshold": return "<="
        default: return comparison
        }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
