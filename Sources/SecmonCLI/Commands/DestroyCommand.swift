import ArgumentParser
import Foundation
import SecmonRender

/// `secmon destroy [STACK]`: remove everything the stack owns.
struct DestroyCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Delete every resource the stack owns, in reverse dependency order.",
        discussion: """
            Only resources tagged as owned by this stack are touched. A bucket that still holds \
            objects is refused unless the stack sets force_destroy. A secret is scheduled for \
            deletion after its recovery window (the date is printed).
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var targets: TargetOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var execution: ExecutionOptions

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let view = ApplyView(io: io, style: Style(color: io.wantsColor(noColorFlag: planning.noColor)))
        let sessions = try await Session.openAll(stack: stack, aws: aws, only: targets, strict: planning.strict, io: io).sessions
        let plans = try await planning.makePlans(sessions, mode: .destroy, io: io)
        return try await execution.operation.run(Array(zip(plans, sessions)), saved: false, view: view, io: io)
    }
}
