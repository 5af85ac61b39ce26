import ArgumentParser
import Foundation

/// `secmon destroy [STACK]`: remove everything the stack owns.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Delete every resource the stack owns, in reverse dependency order.",
        discussion: """
            Only resources tagged as owned by this stack are touched. A bucket that still holds
            objects is refused unless the stack sets force_destroy; a secret is scheduled for
            deletion after its recovery window (the date is printed).
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var approval: ApprovalOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        try await ErrorReporting.run {
            let session = try await Session.open(stack: stack, aws: aws, environment: environment, strict: planning.strict,
                                                 errorOutput: Output.standardError)
            let plan = try await planning.makePlan(session, mode: .destroy)
            try await approval.run(plan, session: session, saved: false, noColor: planning.noColor,
                                   environment: environment)
        }
    }
}
