import Foundation
import SecmonAlerts
import Testing

private func time(_ hhmmss: String) -> Date {
    let parts = hhmmss.split(separator: ":").map { Double($0) ?? 0 }
    // 2026-01-01T00:00:00Z plus the time of day.
    return Date(timeIntervalSince1970: 1_767_225_600 + parts[0] * 3600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0))
}

private func getSecretValue(at t: String) -> LogEvent {
    LogEvent(message: #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue"}"#, timestamp: time(t))
}

private func describeSecret(at t: String) -> LogEvent {
    LogEvent(message: #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"DescribeSecret"}"#, timestamp: time(t))
}

private let secretReads: MetricFilter = {
    // The example stack's filter: GetSecretValue -> 1, default 0.
    (try? MetricFilter(pattern: try FilterPattern(#"{ $.eventName = "GetSecretValue" }"#), metricValue: "1", defaultValue: 0))!
}()

@Test func oneReadAtHalfPastNoonAlarmsByFivePast() throws {
    let simulator = AlarmSimulator(alarm: try AlarmDefinition())
    let transitions = simulator.transitions(
        filter: secretReads, events: [getSecretValue(at: "12:00:30")], start: time("12:00"), end: time("12:20"))
    #expect(transitions.map(\.to) == [.alarm, .ok])
    #expect(transitions.first?.time == time("12:05"))
    // Nothing at all after the read: with fewer real datapoints than the evaluation range (3
    // periods), the last real one keeps deciding ("alarms might repeatedly re-evaluate the last
    // set of data points ... after the metric has stopped flowing"), so OK only at 12:20.
    #expect(transitions.last?.time == time("12:20"))
}

@Test func otherTrafficEndsTheAlarmAtTheNextPeriod() throws {
    // Any other event in the log group publishes the default 0: a real, non-breaching datapoint.
    let simulator = AlarmSimulator(alarm: try AlarmDefinition())
    let events = [getSecretValue(at: "12:00:30"), describeSecret(at: "12:07:00")]
    let transitions = simulator.transitions(filter: secretReads, events: events, start: time("12:00"), end: time("12:20"))
    #expect(transitions.map(\.to) == [.alarm, .ok])
    #expect(transitions.map(\.time) == [time("12:05"), time("12:10")])
}

@Test func anHourWithoutEventsIsOKNotInsufficientData() throws {
    let simulator = AlarmSimulator(alarm: try AlarmDefinition())
    let transitions = simulator.transitions(filter: secretReads, events: [], start: time("12:00"), end: time("13:00"))
    #expect(transitions.map(\.to) == [.ok])
}

@Test func treatingMissingDataAsMissingStaysInsufficient() throws {
    let simulator = AlarmSimulator(alarm: try AlarmDefinition(treatMissingData: .missing))
    let transitions = simulator.transitions(filter: secretReads, events: [], start: time("12:00"), end: time("13:00"))
    #expect(transitions.isEmpty)
}

@Test func averageOfAOneZeroCountCannotReachOneWhenOtherEventsArrive() throws {
    // The trap: other CloudTrail events publish the default 0, so the period's Average is the
    // share of reads, below 1 unless every event is a read.
    let simulator = AlarmSimulator(alarm: try AlarmDefinition(statistic: .average))
    let events = [describeSecret(at: "12:00:10"), getSecretValue(at: "12:00:30"), describeSecret(at: "12:01:00")]
    #expect(simulator.transitions(filter: secretReads, events: events, start: time("12:00"), end: time("12:30")).map(\.to) == [.ok])
    let sum = AlarmSimulator(alarm: try AlarmDefinition(statistic: .sum))
    #expect(sum.transitions(filter: secretReads, events: events, start: time("12:00"), end: time("12:30")).map(\.to) == [.alarm, .ok])
}

@Test func statisticsOfAPeriod() {
    let set = StatisticSet(samples: [0, 1, 0, 1, 1])
    #expect(set.value(of: .sum) == 3)
    #expect(set.value(of: .sampleCount) == 5)
    #expect(set.value(of: .average) == 0.6)
    #expect(set.value(of: .minimum) == 0)
    #expect(set.value(of: .maximum) == 1)
    #expect(StatisticSet().value(of: .sum) == nil)
}

@Test func twoOfThreeNeedsTwoBreachingPeriods() throws {
    let simulator = AlarmSimulator(alarm: try AlarmDefinition(period: 60, evaluationPeriods: 3, datapointsToAlarm: 2))
    let samples: [(time: Date, value: Double)] = [
        (time("12:00:10"), 1), (time("12:01:10"), 0), (time("12:02:10"), 1), (time("12:03:10"), 0), (time("12:04:10"), 0),
    ]
    let transitions = simulator.transitions(samples: samples, start: time("12:00"), end: time("12:04"))
    // 12:01 [- - - - X] -> OK (1 of 2, missing as notBreaching); 12:03 [- - X 0 X] -> ALARM;
    // 12:04 [- X 0 X 0]: the 3 most recent real datapoints are 0 X 0 -> OK.
    #expect(transitions.map(\.to) == [.ok, .alarm, .ok])
    #expect(transitions.map(\.time) == [time("12:01"), time("12:03"), time("12:04")])
}

@Test func invalidAlarmDefinitionsAreRejected() {
    #expect(throws: AlarmDefinitionError.self) { try AlarmDefinition(period: 45) }
    #expect(throws: AlarmDefinitionError.self) { try AlarmDefinition(evaluationPeriods: 0) }
    #expect(throws: AlarmDefinitionError.self) { try AlarmDefinition(evaluationPeriods: 2, datapointsToAlarm: 3) }
    #expect((try? AlarmDefinition(period: 120, evaluationPeriods: 2))?.datapointsToAlarm == 2)
}

@Test func comparisonOperators() {
    #expect(AlarmDefinition.ComparisonOperator.greaterThanOrEqualToThreshold.breaches(1, threshold: 1))
    #expect(!AlarmDefinition.ComparisonOperator.greaterThanThreshold.breaches(1, threshold: 1))
    #expect(AlarmDefinition.ComparisonOperator.lessThanThreshold.breaches(0, threshold: 1))
    #expect(AlarmDefinition.ComparisonOperator.lessThanOrEqualToThreshold.breaches(1, threshold: 1))
}
