import SecmonAlerts
import SecmonCore

/// What `test` found: load errors (the tests did not run), or the tests' count and failures.
struct TestOutcome {
    var stackName: String?
    var loadErrors: [Diagnostic]
    var testCount: Int
    var failures: [Diagnostic]
    /// What each event target's tests send, rendered offline.
    var messages: [StackTestRunner.RenderedMessage]
    var requireTests: Bool

    var ran: Bool { stackName != nil && loadErrors.isEmpty }
    var missingTests: Bool { ran && testCount == 0 }
    var passed: Bool { ran && failures.isEmpty && !(requireTests && testCount == 0) }
}

protocol TestView {
    func show(_ outcome: TestOutcome)
}

/// Errors and failures compiler style on stderr; the tally on stdout.
struct TestHumanView: TestView {
    let io: CommandIO
    func show(_ outcome: TestOutcome) {
        DiagnosticLines.show(outcome.loadErrors + outcome.failures, on: io)
        guard let name = outcome.stackName, outcome.ran else { return }
        if outcome.missingTests {
            // "0 tests passed" would read as a green light.
            io.out("stack \(name): no tests (add `tests:` to its metric filters and alarms; see docs/stack-tests.md)")
            if outcome.requireTests { io.err("error: stack \(name) has no tests, and --require-tests asks for some") }
            return
        }
        for message in outcome.messages {
            io.out("event_target \(message.resource)\(message.testName.map { " (\($0))" } ?? "") sends:")
            let text = message.text.hasSuffix("\n") ? String(message.text.dropLast()) : message.text
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { io.out("    \(line)") }
        }
        let tests = "\(outcome.testCount) test\(outcome.testCount == 1 ? "" : "s")"
        let failures = outcome.failures.count
        io.out(failures == 0 ? "stack \(name): \(tests) passed"
                             : "stack \(name): \(tests), \(failures) failure\(failures == 1 ? "" : "s")")
    }
}

/// One JSON document on stdout (diagnostics as `validate --json` has them); a short stderr line
/// when it fails.
struct TestJSONView: TestView {
    let io: CommandIO

    struct Document: Encodable {
        var format_version = ValidateJSONView.formatVersion
        var passed: Bool
        var stack: String?
        var test_count: Int
        var failure_count: Int
        var diagnostics: [DiagnosticJSON]
        var messages: [Message]
    }

    struct Message: Encodable {
        var resource: String
        var test: String?
        var message: String
    }

    func show(_ outcome: TestOutcome) {
        var diagnostics = outcome.loadErrors + outcome.failures
        if outcome.missingTests {
            diagnostics.append(Diagnostic(outcome.requireTests ? .error : .warning,
                                          "stack \(outcome.stackName ?? "") has no tests", at: nil))
        }
        io.out(JSONOutput.encode(Document(
            passed: outcome.passed, stack: outcome.stackName, test_count: outcome.testCount,
            failure_count: outcome.failures.count, diagnostics: diagnostics.map(DiagnosticJSON.init),
            messages: outcome.messages.map { Message(resource: $0.resource, test: $0.testName, message: $0.text) })))
        if !outcome.passed {
            io.err(FailureNote.line(errors: outcome.loadErrors.count + (outcome.missingTests ? 1 : 0), warnings: 0,
                                    strict: false, failures: outcome.failures.count))
        }
    }
}
