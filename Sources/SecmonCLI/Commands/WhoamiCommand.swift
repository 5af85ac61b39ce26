import AWSClient
import ArgumentParser
import Foundation

/// `secmon whoami`: who secmon is talking to AWS as (STS GetCallerIdentity), and where.
struct WhoamiCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the AWS account, identity ARN and region secmon would use.")

    @OptionGroup var aws: AWSOptions

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let client = try aws.makeClient(environment: io.environment, debugOutput: io.err)
        io.out(try await Self.describeIdentity(using: client))
        return .success
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
