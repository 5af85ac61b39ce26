import SecmonAlerts
import Testing

@Test func constantValueOnMatchDefaultOtherwise() throws {
    let filter = try MetricFilter(pattern: try FilterPattern("ERROR"), metricValue: "1", defaultValue: 0)
    #expect(filter.emission(for: LogEvent(message: "ERROR x")) == MetricEmission(value: 1, dimensions: [:], matched: true))
    #expect(filter.emission(for: LogEvent(message: "fine")) == MetricEmission(value: 0, dimensions: [:], matched: false))
    let noDefault = try MetricFilter(pattern: try FilterPattern("ERROR"))
    #expect(noDefault.emission(for: LogEvent(message: "fine")) == nil)
}

// FilterAndPatternSyntax, "Publishing numerical values found in log entries":
// `{ $.latency = * }` with metric value `$.latency`.
@Test func jsonFieldValue() throws {
    let filter = try MetricFilter(pattern: try FilterPattern("{ $.latency = * }"), metricValue: "$.latency", defaultValue: 0)
    #expect(filter.emission(for: LogEvent(message: #"{"latency": 50, "requestType": "GET"}"#))?.value == 50)
    #expect(filter.emission(for: LogEvent(message: #"{"latency": "12.5"}"#))?.value == 12.5)
    // Matched, but the value is not a number: nothing is published (assumption).
    #expect(filter.emission(for: LogEvent(message: #"{"latency": "fast"}"#)) == nil)
    #expect(filter.emission(for: LogEvent(message: #"{"other": 1}"#))?.value == 0)
}

@Test func spaceDelimitedFieldValueAndDimensions() throws {
    let pattern = try FilterPattern("[ip, user, username, timestamp, request, status_code, bytes]")
    let filter = try MetricFilter(pattern: pattern, metricValue: "$bytes", dimensions: ["Status": "$status_code"])
    let emission = filter.emission(for: LogEvent(message: #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a HTTP/1.0" 200 1534"#))
    #expect(emission == MetricEmission(value: 1534, dimensions: ["Status": "200"], matched: true))
}

@Test func jsonDimensionsOnlyWhenFound() throws {
    let filter = try MetricFilter(pattern: try FilterPattern("{ $.eventName = * }"), dimensions: ["Event": "$.eventName", "Caller": "$.userIdentity.arn"])
    let emission = filter.emission(for: LogEvent(message: #"{"eventName": "GetSecretValue"}"#))
    #expect(emission?.dimensions == ["Event": "GetSecretValue"])
}

@Test("invalid transformations are rejected", arguments: [
    ("ERROR", "$.latency", nil as Double?, [:] as [String: String]),
    ("{ $.a = 1 }", "$latency", nil, [:]),
    ("[a, b]", "$c", nil, [:]),
    ("{ $.a = 1 }", "one", nil, [:]),
    ("{ $.a = 1 }", "$.a[*]", nil, [:]),
    ("{ $.a = 1 }", "1", 0, ["A": "$.a"]),
    ("{ $.a = 1 }", "1", nil, ["A": "$.a", "B": "$.b", "C": "$.c", "D": "$.d"]),
    ("{ $.a = 1 }", "1", nil, [":A": "$.a"]),
    ("{ $.a = 1 }", "1", nil, ["A": "literal"]),
])
func invalidTransformation(_ pattern: String, _ value: String, _ defaultValue: Double?, _ dimensions: [String: String]) throws {
    let parsed = try FilterPattern(pattern)
    #expect(throws: MetricTransformationError.self) {
        try MetricFilter(pattern: parsed, metricValue: value, defaultValue: defaultValue, dimensions: dimensions)
    }
}

@Test func numericMetricValues() throws {
    let filter = try MetricFilter(pattern: try FilterPattern(""), metricValue: "2.5")
    #expect(filter.emission(for: LogEvent(message: "x"))?.value == 2.5)
    #expect(filter.metricValue.description == "2.5")
    #expect(try MetricFilter(pattern: try FilterPattern("")).metricValue.description == "1")
}
