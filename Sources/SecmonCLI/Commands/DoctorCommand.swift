import ArgumentParser
import Foundation
import SecmonDoctor
import SecmonRender

/// `secmon doctor [STACK] [--secret NAME] [--json]`: checks the live pipeline link by link.
struct DoctorCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the live alert pipeline link by link. Read-only.",
        discussion: """
            Walks the chain a read of the secret travels: credentials, secret, trail, delivery role, \
            log group, metric filter, alarm, topic, subscriptions. Each link is ok, warn, fail or \
            unknown (doctor could not tell; never shown as ok), with its evidence and a fix. \
            Without a STACK, --secret NAME discovers the pipeline around an existing secret. \
            Exit status: 0 every link ok, 2 a link fails, 3 nothing fails but some link is warn or \
            unknown, 1 on errors. See docs/doctor.md.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions

    @Option(help: ArgumentHelp("The secret to check: picks one in the stack, or, without a STACK, discovers the pipeline around it.", valueName: "name"))
    var secret: String?

    @Flag(help: "Print the checklist as JSON.")
    var json = false

    func validate() throws {
        if let secret, secret.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--secret needs the name or ARN of a secret")
        }
    }

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let (target, client) = try await PipelineSelection.resolve(stack: stack, secret: secret, aws: aws, io: io)
        let checklist = await Doctor(client: client, matcher: FilterMatching.evaluator).check(target)
        io.writeOut(json ? ChecklistRendering.json(checklist) : ChecklistRendering.text(checklist))
        return CommandStatus(checklist.exitCode)
    }
}
