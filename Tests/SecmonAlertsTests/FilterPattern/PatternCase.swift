import SecmonAlerts
import Testing

/// One row of a table-driven filter-pattern test: does `pattern` match `event`?
/// `source` names the documentation section the row comes from, or says it is our own.
struct PatternCase: CustomTestStringConvertible, Sendable {
    var pattern: String
    var event: String
    var matches: Bool
    var source: String

    init(_ pattern: String, _ event: String, _ matches: Bool, _ source: String) {
        self.pattern = pattern
        self.event = event
        self.matches = matches
        self.source = source
    }

    var testDescription: String { "\(matches ? "match" : "no match"): \(pattern)  ~  \(event.prefix(60))" }

    func check() throws {
        let parsed = try FilterPattern(pattern)
        #expect(parsed.matches(event) == matches, "\(source): \(pattern) on \(event)")
    }
}
