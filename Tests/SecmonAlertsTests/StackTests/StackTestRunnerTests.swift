import Foundation
import SecmonAlerts
import SecmonCore
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/cloudtrail").path
private let runner = StackTestRunner(directory: fixtures)

private let secretReads: MetricFilter = {
    let pattern = try? FilterPattern(#"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") }"#)
    return (try? MetricFilter(pattern: pattern!, metricValue: "1", defaultValue: 0))!
}()

private let getSecretValue: Value = .map(["eventSource": .string("secretsmanager.amazonaws.com"), "eventName": .string("GetSecretValue")])
private let describeSecret: Value = .map(["eventSource": .string("secretsmanager.amazonaws.com"), "eventName": .string("DescribeSecret")])

@Test func metricFilterTestsPassAndFail() throws {
    let tests = try MetricFilterTest.parseList(.list([
        .map(["name": .string("a read"), "event": getSecretValue, "expect": .map(["match": .bool(true), "value": .int(1)])]),
        .map(["event": describeSecret, "expect": .map(["match": .bool(false), "value": .int(0)])]),
        .map(["file": .string("get-secret-value-failed-version-id.json"), "expect": .string("match")]),
        .map(["event": .string("GetSecretValue as plain text"), "expect": .string("no match")]),
        // Wrong on purpose: a DescribeSecret does not match.
        .map(["name": .string("wrong"), "event": describeSecret, "expect": .string("match")]),
        .map(["event": getSecretValue, "expect": .map(["match": .bool(true), "value": .int(2)])]),
    ]))
    let failures = runner.run(tests, filter: secretReads, resource: "secret_reads")
    #expect(failures.map(\.description) == [
        "secret_reads.tests[4].expect (wrong): expected a match, but the pattern does not match",
        "secret_reads.tests[5].expect: expected value 2 to be published, but value 1 is",
    ])
}

@Test func oneReadPagesWithinFiveMinutesAndAnHourOfSilenceIsOK() throws {
    let scenarios = try AlarmScenario.parseList(.list([
        .map([
            "name": .string("one read"),
            "events": .list([.map(["at": .string("12:00:30"), "event": getSecretValue])]),
            "until": .string("13:00"),
            "expect": .list([
                .map(["state": .string("ALARM"), "by": .string("12:05")]),
                .map(["alarm_notifications": .int(1)]),
            ]),
        ]),
        .map([
            "name": .string("silence"), "start": .string("12:00"), "until": .string("13:00"),
            "expect": .list([.map(["state": .string("OK"), "at": .string("13:00")]), .map(["never": .string("ALARM")])]),
        ]),
        .map([
            "name": .string("a file of reads, with other traffic later"), "day": .string("2026-01-15"),
            "events": .list([
                .map(["at": .string("12:01"), "file": .string("get-secret-value-assumed-role.json")]),
                .map(["at": .string("12:06"), "event": describeSecret]),
            ]),
            "expect": .list([.map(["state": .string("OK"), "at": .string("2026-01-15T12:10:00Z")])]),
        ]),
    ]))
    let failures = runner.run(scenarios, alarm: try AlarmDefinition(), filter: secretReads, notifiesOnAlarm: true, resource: "secret_read_alarm")
    #expect(failures == [])
}

@Test func theAverageCopyNeverFires() throws {
    let scenarios = try AlarmScenario.parseList(.list([.map([
        "events": .list([
            .map(["at": .string("12:00:10"), "event": describeSecret]),
            .map(["at": .string("12:00:30"), "event": getSecretValue]),
        ]),
        "expect": .list([.map(["state": .string("ALARM"), "by": .string("12:05")])]),
    ])]))
    let failures = runner.run(scenarios, alarm: try AlarmDefinition(statistic: .average), filter: secretReads,
                              notifiesOnAlarm: true, resource: "secret_read_alarm")
    #expect(failures.map(\.message) == ["expected ALARM by 12:05:00, but 12:05:00 OK"])
    #expect(failures.first?.path == "tests[0].expect[0]")
}

@Test func notificationsNeedEnabledActions() throws {
    let scenarios = try AlarmScenario.parseList(.list([.map([
        "events": .list([.map(["at": .string("12:00:30"), "event": getSecretValue])]),
        "expect": .list([.map(["alarm_notifications": .int(1)])]),
    ])]))
    let failures = runner.run(scenarios, alarm: try AlarmDefinition(), filter: secretReads, notifiesOnAlarm: false, resource: "a")
    #expect(failures.first?.message.contains("no enabled alarm actions") == true)
}

@Test("malformed tests are errors with a path", arguments: [
    (Value.map([:]), "tests", "expected a list"),
    (.list([.map(["event": getSecretValue])]), "tests[0].expect", "expected 'match'"),
    (.list([.map(["expect": .string("match")])]), "tests[0]", "expected event"),
    (.list([.map(["event": getSecretValue, "file": .string("x"), "expect": .string("match")])]), "tests[0]", "not both"),
    (.list([.map(["event": getSecretValue, "expect": .map(["match": .string("yes")])])]), "tests[0].expect.match", "true or false"),
    (.list([.map(["event": getSecretValue, "expect": .string("match"), "extra": .int(1)])]), "tests[0].extra", "unknown key"),
])
func malformedFilterTests(_ value: Value, _ path: String, _ message: String) {
    #expect {
        _ = try MetricFilterTest.parseList(value)
    } throws: { error in
        guard let error = error as? StackTestError else { return false }
        return error.path == path && error.message.contains(message)
    }
}

@Test("malformed scenarios are errors with a path", arguments: [
    (Value.list([.map(["events": .list([])])]), "tests[0].expect", "list of expectations"),
    (.list([.map(["events": .list([.map(["event": getSecretValue])]), "expect": .list([.map(["never": .string("ALARM")])])])]), "tests[0].events[0]", "expected at"),
    (.list([.map(["events": .list([.map(["at": .string("25:00"), "event": getSecretValue])]), "expect": .list([.map(["never": .string("ALARM")])])])]), "tests[0].events[0].at", "expected a time"),
    (.list([.map(["expect": .list([.map(["state": .string("ALARMED"), "by": .string("12:00")])])])]), "tests[0].expect[0].state", "OK, ALARM or INSUFFICIENT_DATA"),
    (.list([.map(["expect": .list([.map(["state": .string("ALARM")])])])]), "tests[0].expect[0]", "expected by"),
    (.list([.map(["day": .string("soon"), "expect": .list([.map(["never": .string("ALARM")])])])]), "tests[0].day", "expected a date"),
])
func malformedScenarios(_ value: Value, _ path: String, _ message: String) {
    #expect {
        _ = try AlarmScenario.parseList(value)
    } throws: { error in
        guard let error = error as? StackTestError else { return false }
        return error.path == path && error.message.contains(message)
    }
}

/// Issue 15: limits AWS enforces are enforced before simulating, so nothing overflows.
@Test func evaluationWindowsBeyondAWSLimitsAreRefused() {
    #expect(throws: AlarmDefinitionError.self) { try AlarmDefinition(evaluationPeriods: Int.max, datapointsToAlarm: 1) }
    #expect(throws: AlarmDefinitionError.self) { try AlarmDefinition(period: 60, evaluationPeriods: 1441) }
    #expect(throws: AlarmDefinitionError.self) { try AlarmDefinition(period: Int.max / 2 / 60 * 60, evaluationPeriods: 3) }
    #expect((try? AlarmDefinition(period: 3600, evaluationPeriods: 168)) != nil)
    #expect((try? AlarmDefinition(period: 10, evaluationPeriods: 8640)) != nil)
}

/// Issue 15: a scenario of a century is refused with a message, not simulated for hours.
@Test func aScenarioLongerThanTheSimulationBoundIsAnError() throws {
    let scenarios = try AlarmScenario.parseList(.list([.map([
        "start": .string("1970-01-01T00:00:00Z"), "until": .string("2070-01-01T00:00:00Z"),
        "expect": .list([.map(["never": .string("ALARM")])]),
    ])]))
    let failures = runner.run(scenarios, alarm: try AlarmDefinition(period: 10), filter: secretReads, notifiesOnAlarm: true, resource: "a")
    #expect(failures.count == 1)
    #expect(failures.first?.message.hasPrefix("the scenario spans 315576000 periods of 10 s") == true)
    #expect(failures.first?.message.hasSuffix("set start and until closer together") == true)
}

/// The largest valid evaluation range over a long, mostly empty scenario: bounded by the data.
@Test func aLongSparseScenarioWithTheWidestRangeIsQuick() throws {
    let alarm = try AlarmDefinition(period: 10, evaluationPeriods: 8640, datapointsToAlarm: 1, treatMissingData: .missing)
    let simulator = AlarmSimulator(alarm: alarm)
    let start = Date(timeIntervalSince1970: 0)
    let samples = [(time: Date(timeIntervalSince1970: 86_400 * 300), value: 1.0)]
    let transitions = simulator.transitions(samples: samples, start: start, end: Date(timeIntervalSince1970: 86_400 * 365 * 3))
    #expect(transitions.map(\.to) == [.alarm, .insufficientData])
    #expect(transitions.first?.time == Date(timeIntervalSince1970: 86_400 * 300 + 10))
    #expect(transitions.last?.time == Date(timeIntervalSince1970: 86_400 * 300 + 10 * 8642 + 10))
}

@Test func negativeClockTimesAreNotTimes() throws {
    #expect(throws: StackTestError.self) {
        try AlarmScenario.parseList(.list([.map([
            "events": .list([.map(["at": .string("-9223372036854775807:00"), "event": .string("x")])]),
            "expect": .list([.map(["never": .string("ALARM")])]),
        ])]))
    }
}
