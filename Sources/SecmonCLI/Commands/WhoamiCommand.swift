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
            output(try await Self.describeIdentity(using: client))
        }
    }

    static func describeIdentity(using client: any AWSCalling) async throws -> String {
        let identity = try await client.call(.sts, "GetCallerIdentity", [:])
        return [
            "Account  \(identity["Account"].string ?? "-")",
            "ARN      \(identity["Arn"].string ?? "-")",
            "Region   \(client.region)",
        ].joined(separator: "\n")
    }
}
