/// Alarms that cannot do their job: unreachable thresholds, counting the wrong thing, watching
/// nothing, telling nobody, or drifting into INSUFFICIENT_DATA.
enum AlarmLints {
    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        for alarm in stack.all("alarm") {
            findings += actions(alarm, stack)
            guard let filterResource = stack.filter(watchedBy: alarm) else {
                if alarm.referencedId("metric_filter") == nil, let ns = alarm.string("metric_namespace"), let name = alarm.string("metric_name") {
                    findings.append(stack.finding(.alarmWatchesNoFilter, on: alarm,
                        "alarm '\(alarm.id)' watches \(ns)/\(name), which no metric filter of this stack publishes",
                        fix: "point metric_filter at the filter (metric_filter: ${<filter>.name}) or fix the namespace and name"))
                }
                continue
            }
            findings += missingData(alarm, filterResource, stack)
            guard let filter = stack.parsed(filterResource) else { continue }
            findings += statistic(alarm, filterResource, filter, stack)
        }
        return findings
    }

    static func actions(_ alarm: LintResource, _ stack: LintedStack) -> [LintFinding] {
        if alarm.bool("actions_enabled") == false {
            return [stack.finding(.alarmWithoutAction, on: alarm, "alarm '\(alarm.id)' has actions_enabled: false, so it notifies nobody",
                                  fix: "remove actions_enabled: false")]
        }
        if (alarm.properties["alarm_actions"]?.listValue ?? []).isEmpty {
            return [stack.finding(.alarmWithoutAction, on: alarm, "alarm '\(alarm.id)' has no alarm_actions, so going to ALARM notifies nobody",
                                  fix: "add alarm_actions: [${<topic>.arn}]")]
        }
        return []
    }

    static func missingData(_ alarm: LintResource, _ filter: LintResource, _ stack: LintedStack) -> [LintFinding] {
        guard !filter.has("default_value") else { return [] }
        let sparse = "metric filter '\(filter.id)' has no default_value, so periods without a match publish nothing"
        switch alarm.string("treat_missing_data") {
        case nil:
            return [stack.finding(.sparseMetricMissingData, on: alarm,
                "\(sparse) and alarm '\(alarm.id)' relies on the default treat_missing_data",
                fix: "set treat_missing_data: notBreaching on the alarm (or default_value: 0 on the filter) deliberately")]
        case "missing":
            return [stack.finding(.sparseMetricMissingData, on: alarm,
                "\(sparse); with treat_missing_data: missing alarm '\(alarm.id)' sits in INSUFFICIENT_DATA whenever nothing matches",
                fix: "use treat_missing_data: notBreaching, or default_value: 0 on the filter")]
        case "breaching":
            return [stack.finding(.sparseMetricMissingData, on: alarm,
                "\(sparse); with treat_missing_data: breaching alarm '\(alarm.id)' goes to ALARM whenever nothing matches",
                fix: "use treat_missing_data: notBreaching, or default_value: 0 on the filter")]
        default:
            return []
        }
    }

    /// The values a filter can publish decide which statistics can reach a threshold.
    static func statistic(_ alarm: LintResource, _ filterResource: LintResource, _ filter: MetricFilter, _ stack: LintedStack) -> [LintFinding] {
        guard case .constant(let value) = filter.metricValue else { return [] }
        // Unset settings are the alarm kind schema's defaults; a value validation refuses never reaches here.
        let statistic = Statistic(rawValue: alarm.setting("statistic")?.stringValue ?? "") ?? .sum
        let comparison = AlarmDefinition.ComparisonOperator(rawValue: alarm.setting("comparison_operator")?.stringValue ?? "")
            ?? .greaterThanOrEqualToThreshold
        let threshold = alarm.number("threshold") ?? alarm.setting("threshold")?.doubleValue ?? 1
        let names = "alarm '\(alarm.id)' (\(statistic.rawValue) \(symbol(comparison)) \(format(threshold))) on metric filter '\(filterResource.id)'"
        let defaultValue = filter.defaultValue
        let values = [value] + (defaultValue.map { [$0] } ?? [])
        switch statistic {
        case .sampleCount:
            if defaultValue != nil {
                return [stack.finding(.alarmCountsEveryEvent, on: alarm,
                    "\(names): SampleCount counts the default value's samples too, so every log event counts, not only matches",
                    fix: "use statistic: Sum (the filter publishes \(format(value)) per match)")]
            }
            return []
        case .sum:
            // Sums of non-positive samples never rise; of positive ones, without bound.
            let rises = values.contains { $0 > 0 }
            if !rises, comparison == .greaterThanOrEqualToThreshold ? threshold > 0 : (comparison == .greaterThanThreshold && threshold >= 0) {
                return [stack.finding(.alarmStatisticUnreachable, on: alarm, "\(names) can never fire: the filter publishes no positive value",
                                      fix: "publish a positive metric_value, or change the threshold")]
            }
            return []
        case .average, .minimum, .maximum:
            let low = values.min() ?? value, high = values.max() ?? value
            let reachable: Bool
            switch comparison {
            case .greaterThanOrEqualToThreshold: reachable = high >= threshold
            case .greaterThanThreshold: reachable = high > threshold
            case .lessThanThreshold: reachable = low < threshold
            case .lessThanOrEqualToThreshold: reachable = low <= threshold
            }
            if !reachable {
                return [stack.finding(.alarmStatisticUnreachable, on: alarm,
                    "\(names) can never fire: the \(statistic.rawValue) of samples between \(format(low)) and \(format(high)) never reaches the threshold",
                    fix: "use statistic: Sum with threshold: 1 to fire on the first match")]
            }
            // Reachable only when no default sample is in the period: every event must match.
            guard let defaultValue, statistic != .maximum || comparison == .lessThanThreshold || comparison == .lessThanOrEqualToThreshold,
                  statistic != .minimum || comparison == .greaterThanThreshold || comparison == .greaterThanOrEqualToThreshold,
                  !comparison.breaches(defaultValue, threshold: threshold)
            else { return [] }
            return [stack.finding(.alarmStatisticUnreachable, on: alarm,
                "\(names) fires only in a period where every log event matches: other events publish the default \(format(defaultValue)), pulling the \(statistic.rawValue) away from the threshold",
                fix: "use statistic: Sum with threshold: 1 to fire on the first match")]
        }
    }

    static func symbol(_ op: AlarmDefinition.ComparisonOperator) -> String {
        switch op {
        case .greaterThanOrEqualToThreshold: return ">="
        case .greaterThanThreshold: return ">"
        case .lessThanThreshold: return "<"
        case .lessThanOrEqualToThreshold: return "<="
        }
    }

    static func format(_ value: Double) -> String { MetricFilter.MetricValue.constant(value).description }
}
