import ArgumentParser
import SecmonAlerts
import SecmonCore
import SecmonStack

/// `secmon test [STACK]`: runs the stack's `tests:` (metric-filter samples, alarm scenarios)
/// offline and reports failures compiler style; exit 1 on any failure or invalid stack.
struct TestCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests: of a stack's metric filters, alarms, event rules and event targets, offline.")

    @OptionGroup var options: StackOptions

    @Flag(name: .customLong("require-tests"), help: "Fail when the stack has no tests.")
    var requireTests = false

    @Flag(help: "Print the results as one JSON document on stdout (see docs/diagnostics-json.md).")
    var json = false

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        // Lints are validate's business; here only what stops the tests from running.
        let result = options.load(checkers: [AlertStackChecks.patterns, AlertStackChecks.tests])
        var outcome = TestOutcome(stackName: result.stack?.name,
                                  loadErrors: result.diagnostics.filter { $0.severity == .error },
                                  testCount: 0, failures: [], messages: [], requireTests: requireTests)
        if let stack = result.stack, outcome.loadErrors.isEmpty {
            let report = StackTestSuite.run(stack)
            outcome.testCount = report.testCount
            outcome.failures = report.failures
            outcome.messages = report.messages
        }
        let view: any TestView = json ? TestJSONView(io: io) : TestHumanView(io: io)
        view.show(outcome)
        return outcome.passed ? .success : .failure
    }
}
