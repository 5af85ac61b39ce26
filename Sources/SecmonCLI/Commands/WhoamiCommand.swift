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
        let source = try await client.configuration.credentials.sourcedCredentials().source
        io.out(try await Self.describeIdentity(using: client, source: source))
        return .success
    }

    /// - Parameter source: which link of the credential chain supplied the keys (as
    ///   `aws configure list` shows it) and, for an assumed role, the role and session.
    static func describeIdentity(using client: any AWSCalling, source: CredentialSource? = nil) async throws -> String {
        let identity = try await client.callerIdentity()
        var lines = [
            "Account  \(identity.account)",
            "ARN      \(identity.arn)",
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
