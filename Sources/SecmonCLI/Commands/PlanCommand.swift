import ArgumentParser
import Foundation
import SecmonPlan
import SecmonRender

/// `secmon plan [STACK]`: what apply would change, and nothing else.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change in the account. Changes nothing.",
        discussion: """
            Reads the live account through one reader per resource kind and compares it with the
            stack. Exit status: 0 on success (with --detailed-exitcode: 0 no changes, 2 changes),
            1 on any error.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var planning: PlanningOptions

    @Flag(help: "Plan the deletion of everything the stack owns.")
    var destroy = false

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when there are no changes, 2 when there are, 1 on errors.")
    var detailedExitCode = false

    @Flag(help: "Print the plan as JSON instead of text.")
    var json = false

    @Option(help: ArgumentHelp("Save the plan to FILE, to apply exactly it later (`secmon apply FILE`).", valueName: "file"))
    var out: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var hasChanges = false
        try await ErrorReporting.run {
            let session = try await Session.open(stack: stack, aws: aws, environment: environment, strict: planning.strict,
                                                 errorOutput: Output.standardError)
            let plan = try await planning.makePlan(session, mode: destroy ? .destroy : .apply)
            hasChanges = plan.hasChanges
            if json {
                Output.standardOutput(try PlanJSONRenderer.render(plan))
            } else {
                let style = Style(color: Terminal.wantsColor(noColorFlag: planning.noColor, environment: environment))
                Output.standardOutput(PlanTextRenderer.render(plan, style: style))
            }
            if let out {
                try PlanFile.save(plan, to: out)
                Output.standardError("Saved the plan to \(out). Apply exactly it with: secmon apply \(out)")
            }
        }
        if detailedExitCode && hasChanges { throw ExitCode(2) }
    }
}

/// Options plan, apply and destroy share.
struct PlanningOptions: ParsableArguments {
    @Flag(help: "Take ownership of existing resources with the stack's names that no stack owns.")
    var adopt = false

    @Flag(name: .customLong("no-color"), help: "Plain text, even on a terminal.")
    var noColor = false

    @Flag(help: "Fail on warnings too (lints), as `validate --strict` does, before anything is read from AWS.")
    var strict = false

    func makePlan(_ session: Session, mode: PlanMode) async throws -> Plan {
        guard let graph = session.graph else { throw ValidationError("no stack to plan") }
        let planner = Planner(drivers: session.drivers, context: session.context,
                              options: PlanOptions(adopt: adopt, mode: mode))
        let plan = try await planner.plan(graph)
        try ValueSourceCheck.require(plan, stack: session.stack, values: session.secretValues,
                                     errorOutput: Output.standardError)
        return plan
    }
}
