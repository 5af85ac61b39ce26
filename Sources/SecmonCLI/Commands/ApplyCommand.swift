import ArgumentParser
import Foundation
import SecmonApply
import SecmonPlan
import SecmonRender

/// `secmon apply [STACK | PLANFILE]`: converge the account to the stack.
struct ApplyCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Change the account to match the stack (or apply a saved plan exactly).",
        discussion: """
            With a stack, shows the plan and asks for 'yes' on a terminal; --auto-approve skips \
            the question (for CI). A saved plan (`secmon plan --out FILE`) is applied as saved, \
            without asking: reviewing it was the approval. It is refused if the account changed \
            since it was made (for a stack with targets:, the whole file is refused, with \
            nothing written, when any target's part is stale). A failed step skips only the steps that depend on it; the rest \
            finish. What was done, what failed and what was skipped (and because of which \
            failure) is printed, and running apply again finishes the job. Ctrl-C starts nothing \
            new, waits for the steps running, prints the summary and exits 130; a second Ctrl-C \
            quits at once.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var targets: TargetOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var execution: ExecutionOptions

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let view = ApplyView(io: io, style: Style(color: io.wantsColor(noColorFlag: planning.noColor)))
        if let path = stack.stack, PlanFile.isPlanFile(path) {
            guard !execution.autoApprove else {
                throw ApplyRefusal("--auto-approve is for a stack file: a saved plan is applied without asking "
                                   + "(the review was the plan); drop the flag")
            }
            guard targets.ids.isEmpty else {
                throw ApplyRefusal("--target is for a stack file: a saved plan is applied whole; "
                                   + "save a plan of the one target with `secmon plan --target ID --out FILE`")
            }
            let parts = try PlanFile.loadParts(from: path)
            let sessions = try await Session.open(savedPlan: parts, aws: aws, io: io)
            let targets = zip(parts, sessions).map { (plan: $0.plan, session: $1) }
            for (plan, session) in targets { try ValueSourceCheck.require(plan, session: session, io: io) }
            return try await ApplyOperation(approval: .given, parallelism: execution.parallelism)
                .run(targets, saved: true, view: view, io: io)
        }
        let sessions = try await Session.openAll(stack: stack, aws: aws, only: targets, strict: planning.strict, io: io).sessions
        let plans = try await planning.makePlans(sessions, mode: .apply, io: io)
        return try await execution.operation.run(Array(zip(plans, sessions)), saved: false, view: view, io: io)
    }
}

/// How apply and destroy execute: approval and parallelism.
struct ExecutionOptions: ParsableArguments {
    @Flag(name: .customLong("auto-approve"), help: "Do not ask for confirmation (needed without a terminal). Only with a stack file.")
    var autoApprove = false

    @Option(help: "How many changes may run at once.")
    var parallelism = 10

    func validate() throws {
        guard (1...100).contains(parallelism) else { throw ValidationError("--parallelism must be between 1 and 100") }
    }

    var operation: ApplyOperation { ApplyOperation(approval: autoApprove ? .given : .ask, parallelism: parallelism) }
}
