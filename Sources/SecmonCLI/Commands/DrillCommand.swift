import ArgumentParser
import Foundation
import SecmonDoctor
import SecmonRender

/// `secmon drill [STACK] --from secret|log|alarm [--timeout 15m]`: sets the pipeline off and
/// times each hop until the notification arrives.
struct DrillCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Set the alert pipeline off and time each hop until the notification arrives.",
        discussion: """
            --from secret: a GetSecretValue of a version that cannot exist (refused, so no value is \
            returned; CloudTrail still records it). --from log: a synthetic CloudTrail record in the \
            log group. --from alarm: the alarm set to ALARM directly. \
            The notification is caught on a temporary SQS queue subscribed to the topic; with --from \
            secret, the stack's EventBridge rule's message (the real-time path) is timed on the same \
            queue beside the alarm's. The queue, \
            subscription and any log stream the drill made are removed afterwards, also on Ctrl-C. \
            Exit status: 0 the notification arrived, 2 the chain stopped, 1 on errors.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var targets: TargetOptions

    @Option(help: ArgumentHelp("Where to set the pipeline off: secret, log or alarm.", valueName: "trigger"))
    var from: DrillTriggerKind

    @Option(help: ArgumentHelp("How long to wait for the notification, e.g. 90s, 15m, 1h.", valueName: "duration"))
    var timeout: DurationArgument = DurationArgument(seconds: 900)

    @Option(help: ArgumentHelp("The secret: picks one in the stack, or, without a STACK, discovers the pipeline around it.", valueName: "name"))
    var secret: String?

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let (target, client) = try await PipelineSelection.resolve(stack: stack, secret: secret, aws: aws, only: targets, io: io)
        let plan = try await DrillPlan.prepare(target: target, trigger: from, timeout: timeout.seconds, client: client, now: Date())
        io.out("secmon drill from \(from.rawValue): alarm \(plan.alarmName) -> \(plan.topicArn); timeout \(timeout.text) (Ctrl-C stops and cleans up)")
        if case .observe(let rule) = plan.realTime {
            io.out("  and the real-time path: rule \(rule) -> \(plan.topicArn)")
        }
        let out = io.out
        let runner = DrillRunner(client: client, secretTrigger: ClientSecretReadTrigger(client: client),
                                 onEvent: { out(DrillRendering.line($0)) })
        let task = Task { await runner.run(plan) }
        let err = io.err
        let interrupt = InterruptHandler(
            onInterrupt: {
                err("interrupted: cleaning up (Ctrl-C again to quit without cleanup)")
                task.cancel()
            },
            onSecondInterrupt: { Foundation.exit(130) })
        let result = await task.value
        interrupt.stop()
        io.out(DrillRendering.summary(result, timeout: timeout.seconds))
        var stopped: [DrillHop] = []
        if case .timedOut(let hop) = result.outcome { stopped.append(hop) }
        switch (result.realTime, result.outcome) {
        case (.failed, .completed), (.failed, .timedOut): stopped.append(.realTimeMessage)
        default: break
        }
        if !stopped.isEmpty {
            // What doctor says about the links behind each hop that was not reached.
            let checklist = await Doctor(client: client, matcher: FilterMatching.evaluator).check(target)
            for hop in stopped {
                let related = checklist.checks.filter { check in
                    check.status != .ok && hop.doctorLinks.contains { check.id.hasPrefix($0) }
                }
                io.out(related.isEmpty
                    ? "doctor finds nothing wrong with the links behind \"\(hop.rawValue)\"; run `secmon doctor` for the whole chain"
                    : "doctor on the links behind \"\(hop.rawValue)\":\n" + related.map {
                        "  \($0.status.rawValue) \($0.id): \($0.evidence)" + ($0.fix.map { "\n    fix: \($0)" } ?? "")
                    }.joined(separator: "\n"))
            }
        }
        return CommandStatus(result.exitCode)
    }
}

extension DrillTriggerKind: ExpressibleByArgument {}
