import ArgumentParser
import SecmonCore
import SecmonStack

/// `secmon validate [STACK]`: checks a stack completely, without touching AWS.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a stack file: syntax, properties, AWS limits, references, cycles. No AWS access.")

    @OptionGroup var options: StackOptions

    @Flag(help: "Fail on warnings too (lints).")
    var strict = false

    func run() throws {
        let result = options.load(checkers: StackCheckers.all)
        DiagnosticPrinter.print(result.diagnostics)
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        guard let stack = result.stack, !(strict && warnings > 0) else { throw ExitCode(1) }
        let count = stack.resources.count
        let warningNote = warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"
        print("stack \(stack.name): \(count) resource\(count == 1 ? "" : "s"), valid\(warningNote)")
    }
}
