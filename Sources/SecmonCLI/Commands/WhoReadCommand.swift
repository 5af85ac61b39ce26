import ArgumentParser
import Foundation
import SecmonDoctor
import SecmonRender

/// `secmon who-read [STACK | --secret NAME] [--since 24h] [--json]`: every read of the secret
/// in the window, from the pipeline's log group or CloudTrail's event history.
struct WhoReadCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "who-read",
        abstract: "List every read of the secret: time, principal, source IP, user agent, id form, error. Read-only.",
        discussion: """
            Sources, in order: the stack's log group (FilterLogEvents with the secret's exact read \
            pattern), else CloudTrail's event history (LookupEvents: 90 days, this region, at most \
            2 requests a second), else, when that cannot be read, the trail's log files in S3 (each \
            day's objects under AWSLogs/ACCOUNT/CloudTrail/REGION/). --source picks one. Without a STACK, --secret NAME finds the log group around the \
            secret as doctor does. Never reads the secret's value.
            """)

    @OptionGroup var stack: StackOptions
    @OptionGroup var aws: AWSOptions
    @OptionGroup var targets: TargetOptions

    @Option(help: ArgumentHelp("The secret: picks one in the stack, or, without a STACK, the secret to look up.", valueName: "name"))
    var secret: String?

    @Option(help: ArgumentHelp("How far back to look: 90s, 30m, 24h, 7d.", valueName: "duration"))
    var since: DurationArgument = DurationArgument(argument: "24h") ?? DurationArgument(seconds: 86_400)

    @Option(help: ArgumentHelp("Where to read: auto (the first source that answers), logs, lookup or s3.", valueName: "source"))
    var source: WhoRead.Source = .auto

    @Flag(help: "Print the reads as JSON.")
    var json = false

    func validate() throws {
        if let secret, secret.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--secret needs the name or ARN of a secret")
        }
        if stack.stack == nil && secret == nil {
            throw ValidationError("give a STACK or --secret NAME")
        }
    }

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let (target, client) = try await PipelineSelection.resolve(stack: stack, secret: secret, aws: aws, only: targets, io: io)
        let now = Date()
        let report = try await WhoRead(client: client).run(
            secret: target.secret, logGroup: target.logGroupName, trail: target.trailName, source: source,
            since: now.addingTimeInterval(-since.seconds), until: now)
        io.writeOut(json ? WhoReadRendering.json(report) : WhoReadRendering.text(report))
        return .success
    }
}

extension WhoRead.Source: ExpressibleByArgument {}
