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
        let sessions = try await Session.openAll(stack: stack, aws: aws, strict: planning.strict, io: io).sessions
        let plans = try await planning.makePlans(sessions, mode: destroy ? .destroy : .apply, io: io)
        let style = Style(color: io.wantsColor(noColorFlag: planning.noColor))
        try (json ? .json : format).view(io, style: style).show(plans)
        if let out {
            try PlanFile.save(zip(plans, sessions).map { SavedPlan($0, role: $1.role) }, to: out)
            io.err("Saved the plan to \(out). Apply exactly it with: secmon apply \(out)")
        }
        return detailedExitCode && plans.contains(where: \.hasChanges) ? .changesOrFailedLink : .success
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

    /// Every session's plan, made at once (a stack's `targets:`); every failure is shown, under
    /// its target's name when there are several, before one is thrown.
    func makePlans(_ sessions: [Session], mode: PlanMode, io: CommandIO) async throws -> [Plan] {
        if sessions.count == 1 { return [try await makePlan(sessions[0], mode: mode, io: io)] }
        let results = await withTaskGroup(of: (Int, Result<Plan, any Error>).self) { group in
            for (index, session) in sessions.enumerated() {
                group.addTask {
                    do { return (index, .success(try await makePlan(session, mode: mode, io: io))) } catch { return (index, .failure(error)) }
                }
            }
            var out: [(Int, Result<Plan, any Error>)] = []
            for await result in group { out.append(result) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var plans: [Plan] = [], failed = false
        for (session, result) in zip(sessions, results) {
            switch result {
            case .success(let plan): plans.append(plan)
            case .failure(let error):
                failed = true
                let target = (try? await session.context()).map(TargetPlans.label) ?? "region \(session.client.region)"
                if !(error is AlreadyReported) { io.err("error: target \(target): \(error)") }
            }
        }
        if failed { throw AlreadyReported() }
        let overlaps = TargetOverlap.find(plans) { kind in sessions[0].drivers[kind]?.nameScope }
        guard overlaps.isEmpty else {
            for overlap in overlaps { io.err("error: \(overlap)") }
            throw AlreadyReported()
        }
        return plans
    }

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
