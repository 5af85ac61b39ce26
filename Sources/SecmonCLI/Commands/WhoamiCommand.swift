import AWSClient
import ArgumentParser
import Foundation

/// `secmon whoami`: who secmon is talking to AWS as (STS GetCallerIdentity), and where.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the AWS account, identity ARN and region secmon would use.")

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        try await execute(environment: ProcessInfo.processInfo.environment,
                          output: Output.standardOutput, errorOutput: Output.standardError)
    }

    /// The command with its inputs and outputs passed in, so tests can run it in-process.
    func execute(environment: [String: String], output: (String) -> Void,
                 errorOutput: @escaping @Sendable (String) -> Void) async throws {
        try await ErrorReporting.run(errorOutput: errorOutput) {
            let client = try aws.makeClient(environment: environment, debugOutput: errorOutput)
            let source = try await client.configuration.credentials.sourcedCredentials().source
            output(try await Self.describeIdentity(using: client, source: source))
        }
    }

    /// - Parameter source: which link of the credential chain supplied the keys (as
    ///   `aws configure list` shows it) and, for an assumed role, the role and session.
    static func describeIdentity(using client: any AWSCalling, source: CredentialSource? = nil) async throws -> String {
        let identity = try await client.call(.sts, "GetCallerIdentity", [:])
        var lines = [
            "Account  \(identity["Account"].string ?? "-")",
            "ARN      \(identity["Arn"].string ?? "-")",
            "Region   \(client.region)",
        ]
        if let source {
            lines.append("Source   \(source)")
            if let role = source.roleARN { lines.append("Role     \(role)") }
            if let session = source.sessionName { lines.append("Session  \(session)") }
        }
        return lines.joined(separator: "\n")
    }
}
