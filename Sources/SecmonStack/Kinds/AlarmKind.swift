import SecmonCore

extension KindSchema {
    static let actionList = PropertyType.list(.string(.arn(maxLength: 1024)), maxItems: 5)

    /// A CloudWatch metric alarm.
    public static let alarm = KindSchema(
        name: "alarm",
        summary: "A CloudWatch metric alarm on a metric filter's metric (or any metric), notifying topics.",
        taggable: true,
        properties: [
            .name(StringConstraints(minLength: 1, maxLength: 255), "The alarm's name."),
            PropertySchema("description", .string(StringConstraints(maxLength: 1024)), .optional, "What the alarm means."),
            PropertySchema("metric_filter", .string(StringConstraints(minLength: 1, maxLength: 512)), .optional,
                "A reference to a metric filter's name, e.g. `${secret_reads.name}`: the alarm watches its metric. Exactly one of this or `metric_namespace` + `metric_name`.",
                references: ReferenceExpectation(kind: "metric_filter", attribute: "name", mandatory: true),
                // Not sent: the alarm watches the filter's metric, which needs no filter to exist.
                valueOnly: true),
            PropertySchema("metric_namespace", .string(metricPart), .optional, "The metric's namespace (without `metric_filter`)."),
            PropertySchema("metric_name", .string(metricPart), .optional, "The metric's name (without `metric_filter`)."),
            PropertySchema("statistic", .enumeration(["SampleCount", "Average", "Sum", "Minimum", "Maximum"]),
                .defaultValue(.string("Sum")), "How datapoints in a period combine."),
            PropertySchema("period", .integer(IntegerConstraints(minimum: 10, maximum: AlarmEvaluationLimits.longPeriodWindow, rules: [periodRule])),
                .defaultValue(.int(300)), "Seconds per datapoint: 10, 20, 30 or a multiple of 60."),
            PropertySchema("evaluation_periods", .integer(IntegerConstraints(minimum: 1, maximum: AlarmEvaluationLimits.maximumEvaluationPeriods)),
                .defaultValue(.int(1)), "How many recent periods are evaluated (period x evaluation_periods at most 1 day, or 7 days for periods of an hour or more)."),
            PropertySchema("datapoints_to_alarm", .integer(IntegerConstraints(minimum: 1, maximum: AlarmEvaluationLimits.maximumEvaluationPeriods)),
                .derivedDefault("evaluation_periods"), "How many of them must breach (at most `evaluation_periods`)."),
            PropertySchema("threshold", .number, .defaultValue(.int(1)), "The value compared with."),
            PropertySchema("comparison_operator", .enumeration([
                "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
            ]), .defaultValue(.string("GreaterThanOrEqualToThreshold")), "How the statistic is compared with the threshold."),
            PropertySchema("treat_missing_data", .enumeration(["breaching", "notBreaching", "ignore", "missing"]),
                .defaultValue(.string("notBreaching")), "What a period without data counts as."),
            PropertySchema("alarm_actions", actionList, .defaultValue(.list([])), "ARNs notified on ALARM (at most 5), e.g. `${alerts.arn}`."),
            PropertySchema("ok_actions", actionList, .defaultValue(.list([])), "ARNs notified on OK (at most 5)."),
            PropertySchema("insufficient_data_actions", actionList, .defaultValue(.list([])),
                "ARNs notified on INSUFFICIENT_DATA (at most 5)."),
            PropertySchema("actions_enabled", .boolean, .defaultValue(.bool(true)), "Whether actions run."),
            CommonProperties.tests,
        ],
        rules: [
            CrossFieldRule("exactly one of `metric_filter` or `metric_namespace` + `metric_name`") { r in
                let filter = r.has("metric_filter")
                let namespace = r.has("metric_namespace")
                let name = r.has("metric_name")
                if filter, namespace || name {
                    return [r.error("\(r.label) sets metric_filter and \(namespace ? "metric_namespace" : "metric_name"): give either metric_filter or metric_namespace and metric_name",
                                    at: "metric_filter")]
                }
                if !filter, !namespace, !name {
                    return [r.error("\(r.label) needs a metric: set metric_filter, or metric_namespace and metric_name")]
                }
                if !filter, namespace != name {
                    return [r.error("\(r.label) sets \(namespace ? "metric_namespace without metric_name" : "metric_name without metric_namespace")",
                                    at: namespace ? "metric_namespace" : "metric_name")]
                }
                return []
            },
            CrossFieldRule("`datapoints_to_alarm` is at most `evaluation_periods`") { r in
                guard let points = r.value("datapoints_to_alarm")?.intValue else { return [] }
                let periods = r.value("evaluation_periods")?.intValue ?? 1
                guard points > periods else { return [] }
                return [r.error("datapoints_to_alarm (\(points)) is greater than evaluation_periods (\(periods)) in \(r.label)",
                                at: "datapoints_to_alarm")]
            },
            CrossFieldRule("`period` x `evaluation_periods` is at most 1 day (7 days for periods of an hour or more)") { r in
                let period = r.value("period")?.intValue ?? 300
                let periods = r.value("evaluation_periods")?.intValue ?? 1
                guard let problem = AlarmEvaluationLimits.problem(period: period, evaluationPeriods: periods) else { return [] }
                return [r.error("\(problem) in \(r.label)", at: r.has("evaluation_periods") ? "evaluation_periods" : "period")]
            },
        ])

    static let periodRule = IntegerRule(
        "10, 20, 30 or a multiple of 60",
        schemaAlternatives: [["enum": .array([.int(10), .int(20), .int(30)])], ["multipleOf": .int(60)]]
    ) { period in
        [10, 20, 30].contains(period) || period % 60 == 0 ? nil : "must be 10, 20, 30 or a multiple of 60"
    }
}

/// AWS's bounds on how much an alarm looks back (PutMetricAlarm's `Period` documentation in the
/// botocore cloudwatch model): period x evaluation periods is at most 604,800 s (7 days), and at
/// most 86,400 s (1 day) when the period is under an hour.
public enum AlarmEvaluationLimits {
    public static let shortPeriodWindow = 86_400
    public static let longPeriodWindow = 604_800
    /// 1 day of 10-second periods: no valid alarm evaluates more.
    public static let maximumEvaluationPeriods = shortPeriodWindow / 10

    /// Why this combination is refused by PutMetricAlarm, or nil. Never overflows.
    public static func problem(period: Int, evaluationPeriods: Int) -> String? {
        guard period > 0, evaluationPeriods > 0 else { return nil }
        let window = period < 3600 ? shortPeriodWindow : longPeriodWindow
        let (product, overflow) = period.multipliedReportingOverflow(by: evaluationPeriods)
        guard overflow || product > window else { return nil }
        let limit = period < 3600 ? "86400 s (1 day) for periods under an hour" : "604800 s (7 days)"
        return "period x evaluation_periods (\(period) x \(evaluationPeriods)) is more than AWS allows: at most \(limit)"
    }
}
