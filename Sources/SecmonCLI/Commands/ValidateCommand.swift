import ArgumentParser
import SecmonCore
import SecmonStack

/// `secmon validate [STACK] [--strict] [--json]`: checks a stack completely, without touching AWS.
struct ValidateCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a stack file: syntax, properties, AWS limits, references, cycles. No AWS access.")

    @OptionGroup var options: StackOptions

    @Flag(help: "Fail on warnings too (lints).")
    var strict = false

    @Flag(help: "Print the diagnostics as one JSON document on stdout (see docs/diagnostics-json.md).")
    var json = false

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let result = options.load(checkers: StackCheckers.all)
        let outcome = ValidateOutcome(stackName: result.stack?.name, resourceCount: result.stack?.resources.count ?? 0,
                                      diagnostics: result.diagnostics, strict: strict)
        let view: any ValidateView = json ? ValidateJSONView(io: io) : ValidateHumanView(io: io)
        view.show(outcome)
        return outcome.passed ? .success : .failure
    }
}
