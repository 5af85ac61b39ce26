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
            A stack watching several secrets is checked chain by chain (each secret's filter, alarm, \
            topic and rule); --secret NAME picks one. Without a STACK, --secret NAME discovers the \
            pipeline around an existing secret. A stack with targets: is checked in every target and \
            region at once (--target and --region narrow them), each under its target's heading. The exit status \
            is the worst chain's. \
            Exit status: 0 every link ok, 2 a link fails, 3 nothing fails but some link is warn or \
            unknown, 1 on errors. See docs/doctor.md.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var targets: TargetOptions

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
        let selected = try await PipelineSelection.resolveAll(stack: stack, secret: secret, aws: aws, only: targets, io: io, everyChain: true)
        if selected.count == 1, let only = selected.first, only.account == nil {
            let checklists = await Self.check(only)
            io.writeOut(json ? ChecklistRendering.json(checklists) : ChecklistRendering.text(checklists))
            return CommandStatus(Checklist.exitCode(of: checklists))
        }
        // A stack with targets: every target at once, grouped per target as plan is.
        let checked = await withTaskGroup(of: (Int, TargetChecklist).self) { group in
            for (index, target) in selected.enumerated() {
                group.addTask {
                    (index, TargetChecklist(account: target.account ?? "", region: target.region, checklists: await Self.check(target)))
                }
            }
            var out: [(Int, TargetChecklist)] = []
            for await result in group { out.append(result) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
        io.writeOut(json ? ChecklistRendering.json(checked) : ChecklistRendering.text(checked))
        return CommandStatus(TargetChecklist.exitCode(checked))
    }

    /// Every chain of one selection, in turn.
    private static func check(_ selected: SelectedPipeline) async -> [Checklist] {
        let doctor = Doctor(client: selected.client, matcher: FilterMatching.evaluator)
        var checklists: [Checklist] = []
        for pipeline in selected.pipelines { checklists.append(await doctor.check(pipeline)) }
        return checklists
    }
}
