import Foundation

extension PipelineChecks {
    /// The filter transformation the alarm should watch.
    var filterMetric: MetricTransformationPart? { facts.metricFilter.value?.transformations.first }

    func alarmMetric() -> LinkCheck {
        let id = "alarm.metric", title = "An alarm watches the filter's metric"
        guard let alarm = facts.alarm.value else {
            return absent(id, title, facts.alarm,
                          fix: "Create an alarm on the filter's metric (an `alarm` resource with `metric_filter: ${...name}`).") { reason in
                target.alarmName.map { "no alarm \($0) in \(facts.region)" } ?? reason
            }
        }
        if alarm.usesMetricMath {
            return LinkCheck(id: id, title: title, status: .unknown, evidence: "alarm \(alarm.name) uses metric math, which doctor does not evaluate")
        }
        let watched = "\(alarm.namespace ?? "?")/\(alarm.metricName ?? "?")"
        guard let metric = filterMetric else {
            return LinkCheck(id: id, title: title, status: .unknown,
                             evidence: "alarm \(alarm.name) watches \(watched); no filter metric to compare with")
        }
        let emitted = "\(metric.namespace)/\(metric.name)"
        let fix = "Point the alarm at \(emitted) with the filter's dimensions (`metric_filter: ${...name}` sets both)."
        if alarm.namespace != metric.namespace || alarm.metricName != metric.name {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "alarm \(alarm.name) watches \(watched); the filter emits \(emitted)", fix: fix)
        }
        if Set(alarm.dimensions.keys) != Set(metric.dimensions.keys) {
            let want = metric.dimensions.keys.sorted().joined(separator: ", ")
            let have = alarm.dimensions.keys.sorted().joined(separator: ", ")
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "alarm \(alarm.name) watches dimensions [\(have)]; the filter emits [\(want)]", fix: fix)
        }
        return LinkCheck(id: id, title: title, status: .ok, evidence: "alarm \(alarm.name) watches \(emitted)")
    }

    func alarmCanFire() -> LinkCheck {
        let id = "alarm.can_fire", title = "Alarm statistic and threshold can fire on one read"
        guard let alarm = facts.alarm.value else { return notObserved(id, title, facts.alarm) }
        switch AlarmFiring.evaluate(alarm, metric: filterMetric) {
        case .fires(let why):
            if alarm.treatMissingData == "breaching" {
                return LinkCheck(id: id, title: title, status: .warn, evidence: "\(why), but missing data counts as breaching",
                                 fix: "Set `treat_missing_data: notBreaching` so periods without reads do not alarm.")
            }
            return LinkCheck(id: id, title: title, status: .ok, evidence: "\(why) within \(alarm.period) s")
        case .firesTooOften(let why):
            return LinkCheck(id: id, title: title, status: .warn, evidence: why,
                             fix: "Use `statistic: Sum` with `threshold: 1` and `comparison_operator: GreaterThanOrEqualToThreshold`.")
        case .neverFires(let why):
            return LinkCheck(id: id, title: title, status: .fail, evidence: why,
                             fix: "Use `statistic: Sum` with `threshold: 1`, `comparison_operator: GreaterThanOrEqualToThreshold` and `datapoints_to_alarm: 1`.")
        case .filterValueTooLow(let why):
            return LinkCheck(id: id, title: title, status: .fail, evidence: why,
                             fix: "Make the metric filter publish 1 per read (`metric_value: 1` on the metric filter, \(target.metricFilterName ?? "the filter")).")
        case .cannotTell(let why):
            return LinkCheck(id: id, title: title, status: .unknown, evidence: why)
        }
    }

    func alarmActions() -> LinkCheck {
        let id = "alarm.actions", title = "Alarm actions are enabled and notify the topic"
        guard let alarm = facts.alarm.value else { return notObserved(id, title, facts.alarm) }
        if !alarm.actionsEnabled {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "actions of alarm \(alarm.name) are disabled",
                             fix: "Enable them with `aws cloudwatch enable-alarm-actions --alarm-names \(alarm.name)` (`actions_enabled: true`).")
        }
        guard let topic = facts.topicArn else {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "alarm \(alarm.name) notifies no SNS topic",
                             fix: "Add the topic's ARN to the alarm's `alarm_actions`.")
        }
        if alarm.alarmActions.contains(topic) {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "ALARM notifies \(topic)")
        }
        let actions = alarm.alarmActions.isEmpty ? "none" : alarm.alarmActions.joined(separator: ", ")
        return LinkCheck(id: id, title: title, status: .fail,
                         evidence: "alarm actions of \(alarm.name) (\(actions)) do not include \(topic)",
                         fix: "Add \(topic) to the alarm's `alarm_actions`.")
    }

    func alarmState() -> LinkCheck {
        let id = "alarm.state", title = "Alarm is ready to notify"
        guard let alarm = facts.alarm.value else { return notObserved(id, title, facts.alarm) }
        let since = alarm.stateUpdated.map { " since \(Age.describe($0, now: facts.readAt))" } ?? ""
        switch alarm.stateValue {
        case "OK":
            return LinkCheck(id: id, title: title, status: .ok, evidence: "state OK\(since)")
        case "INSUFFICIENT_DATA":
            return LinkCheck(id: id, title: title, status: .ok,
                             evidence: "state INSUFFICIENT_DATA\(since) (normal while the metric has no datapoints)")
        case "ALARM":
            return LinkCheck(id: id, title: title, status: .warn,
                             evidence: "state ALARM\(since): another read will not notify until the alarm returns to OK",
                             fix: "Find the read that set it off; the alarm returns to OK at its next evaluation without reads.")
        default:
            return LinkCheck(id: id, title: title, status: .unknown, evidence: "state \(alarm.stateValue.isEmpty ? "not reported" : alarm.stateValue)")
        }
    }

    func alarmHistory() -> LinkCheck {
        let id = "alarm.history", title = "Alarm actions succeeded in the last day"
        guard let items = facts.alarmHistory.value else { return notObserved(id, title, facts.alarmHistory) }
        let failed = items.filter { $0.type == "Action" && $0.summary.localizedCaseInsensitiveContains("fail") }
        if let last = failed.first {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "\(failed.count) failed action(s) in the last day, latest: \(last.summary)",
                             fix: "Let cloudwatch.amazonaws.com publish to the topic (topic policy and KMS key links).")
        }
        let transitions = items.filter { $0.type == "StateUpdate" }.count
        return LinkCheck(id: id, title: title, status: .ok,
                         evidence: items.isEmpty ? "no history in the last day"
                             : "\(transitions) state change(s) in the last day, no failed action")
    }
}
