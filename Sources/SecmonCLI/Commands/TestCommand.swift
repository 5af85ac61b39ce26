import ArgumentParser
import SecmonAlerts
import SecmonCore
import SecmonStack

/// `secmon test [STACK]`: runs the stack's `tests:` (metric-filter samples, alarm scenarios)
/// offline and reports failures compiler style; exit 1 on any failure or invalid stack.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests: of a stack's metric filters and alarms, offline.")

    @OptionGroup var options: StackOptions

    func run() throws {
        let status = execute(output: Output.standardOutput, errorOutput: Output.standardError)
        if status != 0 { throw ExitCode(status) }
    }

    /// The command with its outputs passed in, so tests can run it in-process.
    func execute(output: (String) -> Void, errorOutput: (String) -> Void) -> Int32 {
        // Lints are validate's business; here only what stops the tests from running.
        let result = options.load(checkers: [AlertStackChecks.patterns, AlertStackChecks.tests])
        let errors = result.diagnostics.filter { $0.severity == .error }
        DiagnosticPrinter.print(errors, to: errorOutput)
        guard let stack = result.stack, errors.isEmpty else { return 1 }
        let report = StackTestSuite.run(stack)
        DiagnosticPrinter.print(report.failures, to: errorOutput)
        let tests = "\(report.testCount) test\(report.testCount == 1 ? "" : "s")"
        if report.failures.isEmpty {
            output("stack \(stack.name): \(tests) passed")
            return 0
        }
        output("stack \(stack.name): \(tests), \(report.failures.count) failure\(report.failures.count == 1 ? "" : "s")")
        return 1
    }
}
