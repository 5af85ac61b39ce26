import Foundation
import SecmonAlerts
import SecmonCore
import SecmonStack
import Testing

/// A minimal valid stack around one metric filter and one alarm; `pattern` is inserted as
/// written (with its YAML quoting), `extra` lines go under the filter.
private func stack(pattern: String, filterExtra: String = "", alarmExtra: String = "") -> String {
    """
    stack: checks
    resources:
      logs:
        type: log_group
        name: /checks
      reads:
        type: metric_filter
        name: reads
        log_group: ${logs.name}
        pattern: \(pattern)
        metric_namespace: SecMon
        metric_name: Reads
        default_value: 0
    \(filterExtra)
      alarm:
        type: alarm
        name: reads
        metric_filter: ${reads.name}
        alarm_actions: ["${topic.arn}"]
    \(alarmExtra)
      topic:
        type: topic
        name: alerts
      trail:
        type: trail
        name: checks-trail
        bucket: checks-trail-bucket
        log_group: ${logs.arn}
        role: arn:aws:iam::111122223333:role/checks-trail
    """
}

/// Loads from a real file so the pattern locator can read the text.
private func load(_ text: String, checkers: [StackChecker] = AlertStackChecks.all) throws -> StackLoadResult {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-checks-\(UUID().uuidString).yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    var result = StackLoader.load(path: path, checkers: checkers)
    // Name the file independently of the temporary path.
    result.diagnostics = result.diagnostics.map { d in
        var d = d
        d.location = d.location.map { SourceLocation(file: "stack.yaml", line: $0.line, column: $0.column) }
        return d
    }
    return result
}

@Test("a pattern error is reported at its line and column", arguments: [
    // pattern as written in YAML, expected column of the error (line 10)
    // The scalar starts at column 14; in quotes, the value at column 15.
    (#"'{ $.eventName = }'"#, 31),               // single-quoted: offset 16 is column 15 + 16
    (#"'{ $.eventName = ''x'' && }'"#, 40),      // '' is one character of the value
    (#""{ $.eventName = \"x\" && }""#, 40),      // \" is one character of the value
    (#"ERROR x.y"#, 21),                         // plain scalar: offset 7 is column 14 + 7
])
func patternErrorLocation(_ pattern: String, _ column: Int) throws {
    let result = try load(stack(pattern: pattern))
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.location == SourceLocation(file: "stack.yaml", line: 10, column: column), "\(error)")
    #expect(error.message.hasPrefix("invalid filter pattern: expected") || error.message.contains("double quotes"))
}

@Test func aValidStackHasNoFindings() throws {
    let result = try load(stack(pattern: #"'{ $.eventName = "GetSecretValue" }'"#, alarmExtra: "    treat_missing_data: notBreaching"))
    #expect(result.diagnostics == [])
}

@Test func lintsAreWarningsWithIds() throws {
    let result = try load(stack(pattern: #"'{ $.eventName = "GetSecretValues" }'"#, alarmExtra: "    statistic: Average"))
    #expect(result.diagnostics.map(\.id) == ["SM111", "SM101"])
    #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
    #expect(result.stack != nil)
}

@Test func malformedTestsAreErrorsAtTheirNode() throws {
    let result = try load(stack(pattern: #"'{ $.eventName = "GetSecretValue" }'"#, filterExtra: """
            tests:
              - event: {eventName: GetSecretValue}
                expect: {match: maybe}
        """))
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.message == "reads.tests[0].expect.match: expected true or false")
    #expect(error.location?.line == 16)
}

@Test func anInvalidMetricValueIsAnErrorAtTheValue() throws {
    let result = try load(stack(pattern: "ERROR", filterExtra: "    metric_value: $.latency"))
    let error = try #require(result.diagnostics.first { $0.severity == .error })
    #expect(error.message.contains("not a JSON pattern"))
    #expect(error.location?.line == 14)
}

@Test func theStackTestSuiteReportsFailuresAtTheExpectation() throws {
    let text = stack(pattern: #"'{ $.eventName = "GetSecretValue" }'"#, filterExtra: """
            tests:
              - name: wrong on purpose
                event: {eventName: DescribeSecret}
                expect: match
        """, alarmExtra: """
            tests:
              - events:
                  - {at: "12:00:30", event: {eventName: GetSecretValue}}
                expect:
                  - {state: ALARM, by: "12:05"}
                  - {never: ALARM}
        """)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-suite-\(UUID().uuidString).yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let loaded = StackLoader.load(path: path)
    let stack = try #require(loaded.stack)
    let report = StackTestSuite.run(stack)
    #expect(report.testCount == 2)
    #expect(report.failures.map(\.message) == [
        "test failed: reads.tests[0].expect (wrong on purpose): expected a match, but the pattern does not match",
        "test failed: alarm.tests[0].expect[1]: expected never ALARM, but it is ALARM at 12:05:00",
    ])
    #expect(report.failures.map { $0.location?.line } == [17, 28])
}

@Test func atMostFiveRegexFiltersPerLogGroup() throws {
    var extra = ""
    for i in 1...6 {
        extra += """
              regex_\(i):
                type: metric_filter
                name: regex-\(i)
                log_group: ${logs.name}
                pattern: '%ERROR \(i)%'
                metric_namespace: SecMon
                metric_name: Regex\(i)

            """
    }
    let result = try load(stack(pattern: #"'{ $.eventName = "GetSecretValue" }'"#, filterExtra: extra))
    let errors = result.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1)
    #expect(errors.first?.message.contains("AWS allows 5 such filters per log group") == true)
}
