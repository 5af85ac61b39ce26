import ArgumentParser
import Foundation
import SecmonApply
import SecmonPlan
import SecmonRender

/// `secmon apply [STACK | PLANFILE]`: converge the account to the stack.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Change the account to match the stack (or apply a saved plan exactly).",
        discussion: """
            Shows the plan and asks for 'yes' on a terminal; --auto-approve skips the question
            (for CI). A saved plan (`secmon plan --out FILE`) is applied exactly as saved, and
            refused if the account changed since it was made. A failed step skips only the
            steps that depend on it; the rest finish. What was done, what failed and what was
            skipped (and because of which failure) is printed, and running apply again finishes
            the job. Ctrl-C starts nothing new, waits for the steps running, prints the summary
            and exits 130; a second Ctrl-C quits at once.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var approval: ApprovalOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        try await ErrorReporting.run {
            if let path = stack.stack, PlanFile.isPlanFile(path) {
                let plan = try PlanFile.load(from: path)
                let session = try await Session.open(savedPlan: plan, aws: aws, environment: environment,
                                                     errorOutput: Output.standardError)
                try ValueSourceCheck.require(plan, stack: nil, values: session.secretValues,
                                             errorOutput: Output.standardError)
                try await approval.run(plan, session: session, saved: true, noColor: planning.noColor,
                                       environment: environment)
            } else {
                let session = try await Session.open(stack: stack, aws: aws, environment: environment, strict: planning.strict,
                                                     errorOutput: Output.standardError)
                let plan = try await planning.makePlan(session, mode: .apply)
                try await approval.run(plan, session: session, saved: false, noColor: planning.noColor,
                                       environment: environment)
            }
        }
    }
}

/// Confirmation and execution, shared by apply and destroy.
struct ApprovalOptions: ParsableArguments {
    @Flag(name: .customLong("auto-approve"), help: "Do not ask for confirmation (needed without a terminal).")
    var autoApprove = false

    @Option(help: "How many changes may run at once.")
    var parallelism = 10

    func validate() throws {
        guard (1...100).contains(parallelism) else { throw ValidationError("--parallelism must be between 1 and 100") }
    }

    /// 128 + SIGINT, as shells report a process ended by Ctrl-C.
    static let interruptedStatus: Int32 = 130

    func run(_ plan: Plan, session: Session, saved: Bool, noColor: Bool, environment: [String: String]) async throws {
        let style = Style(color: Terminal.wantsColor(noColorFlag: noColor, environment: environment))
        let out = Output.standardOutput
        out(PlanTextRenderer.render(plan, style: style))
        guard plan.hasChanges else { return }
        if !autoApprove {
            guard Terminal.inputIsTerminal else {
                throw ValidationError("not applying without confirmation: run in a terminal to answer 'yes', or pass --auto-approve")
            }
            let verb = plan.mode == .destroy ? "destroy everything above" : "perform these actions"
            guard Terminal.confirm("\nDo you want to \(verb)?", output: out) else {
                out("\nNothing was changed.")
                throw ExitCode.failure
            }
        }
        out("")
        let executor = Executor(drivers: session.drivers, options: ExecutorOptions(parallelism: parallelism))
        let progress: @Sendable (ApplyEvent) -> Void = { out(ApplyResultRenderer.progressLine($0, style: style)) }
        // Ctrl-C: the first starts nothing new and lets the requests in flight land, so the
        // summary is true; the second quits at once.
        let stop = StopRequest()
        let interrupt = InterruptHandler(
            onInterrupt: {
                stop.request(.interrupted)
                Output.standardError("interrupted: starting nothing new, waiting for the steps running (Ctrl-C again to quit at once)")
            },
            onSecondInterrupt: { Foundation.exit(Self.interruptedStatus) })
        defer { interrupt.stop() }
        let result = saved
            ? try await executor.apply(saved: plan, currentContext: session.context, stop: stop, progress: progress)
            : await executor.apply(plan, stop: stop, progress: progress)
        out("")
        out(ApplyResultRenderer.render(result, mode: plan.mode, style: style))
        if result.stopReason == .interrupted { throw ExitCode(Self.interruptedStatus) }
        if !result.succeeded { throw ExitCode.failure }
    }
}
