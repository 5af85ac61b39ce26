import ArgumentParser
import Foundation
import SecmonPlan
import SecmonRender

/// `secmon plan [STACK]`: what apply would change, and nothing else.
struct PlanCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change in the account. Changes nothing.",
        discussion: """
            Reads the live account through one reader per resource kind and compares it with the \
            stack. --format markdown gives a pull-request comment, --format json the document \
            described in docs/plan-json.md. Exit status: 0 on success (with --detailed-exitcode: \
            0 no changes, 2 changes), 1 on any error.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var planning: PlanningOptions

    @Flag(help: "Plan the deletion of everything the stack owns.")
    var destroy = false

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when there are no changes, 2 when there are, 1 on errors.")
    var detailedExitCode = false

    @Option(help: "text, json (docs/plan-json.md) or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Flag(help: "The same as --format json.")
    var json = false

    @Option(help: ArgumentHelp("Save the plan to FILE, to apply exactly it later (`secmon apply FILE`).", valueName: "file"))
    var out: String?

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let session = try await Session.open(stack: stack, aws: aws, strict: planning.strict, io: io)
        let plan = try await planning.makePlan(session, mode: destroy ? .destroy : .apply, io: io)
        let style = Style(color: io.wantsColor(noColorFlag: planning.noColor))
        try (json ? .json : format).view(io, style: style).show(plan)
        if let out {
            try PlanFile.save(plan, to: out)
            io.err("Saved the plan to \(out). Apply exactly it with: secmon apply \(out)")
        }
        return detailedExitCode && plan.hasChanges ? .changesOrFailedLink : .success
    }
}

extension PlanFormat: ExpressibleByArgument {}

/// Options plan, apply and destroy share.
struct PlanningOptions: ParsableArguments {
    @Flag(help: "Take ownership of existing resources with the stack's names that no stack owns.")
    var adopt = false

    @Flag(name: .customLong("no-color"), help: "Plain text, even on a terminal.")
    var noColor = false

    @Flag(help: "Fail on warnings too (lints), as `validate --strict` does, before anything is read from AWS.")
    var strict = false

    /// The plan, once every value it writes is known to be readable (`ValueSourceCheck`).
    func makePlan(_ session: Session, mode: PlanMode, io: CommandIO) async throws -> Plan {
        guard let graph = session.graph else { throw ValidationError("no stack to plan") }
        let identity = session.identity
        let planner = Planner(drivers: session.drivers, context: session.provisionalContext,
                              options: PlanOptions(adopt: adopt, mode: mode), identity: { try await identity.value })
        let plan = try await planner.plan(graph)
        try ValueSourceCheck.require(plan, session: session, io: io)
        return plan
    }
}
