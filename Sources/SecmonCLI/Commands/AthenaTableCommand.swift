import AWSClient
import ArgumentParser
import Foundation
import SecmonAlerts
import SecmonCore
import SecmonStack

/// `secmon athena-table STACK`: the CREATE TABLE statement for the Athena table over the stack's
/// trail bucket, with partition projection; run it once in Athena, then `backtest --athena`.
struct AthenaTableCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "athena-table",
        abstract: "Print the Athena CREATE TABLE statement for the CloudTrail logs in the stack's trail bucket.")

    @OptionGroup var options: StackOptions
    @OptionGroup var aws: AWSOptions

    @Option(help: "The Athena table, as DATABASE.TABLE.")
    var table = "default.cloudtrail_logs"

    @Option(name: .customLong("account-id"), help: "The account whose logs the trail writes (default: the caller's, from STS).")
    var accountID: String?

    @Option(help: "Regions the trail records, comma-separated (default: the region in use).")
    var regions: String?

    @Option(help: "First day to project partitions for (yyyy/MM/dd).")
    var since = "2024/01/01"

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        CommandStatus(await execute(output: io.out, errorOutput: io.err))
    }

    func execute(output: (String) -> Void, errorOutput: @escaping @Sendable (String) -> Void, client: (any AWSCalling)? = nil) async -> Int32 {
        let result = options.load()
        let errors = result.diagnostics.filter { $0.severity == .error }
        for error in errors { errorOutput(error.description) }
        guard let stack = result.stack, errors.isEmpty else { return 1 }
        let parts = table.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            errorOutput("error: --table expects DATABASE.TABLE (letters, digits, '_'), not '\(table)'")
            return 1
        }
        guard since.count == 10, since.split(separator: "/").count == 3 else {
            errorOutput("error: --since expects a day as yyyy/MM/dd, not '\(since)'")
            return 1
        }
        let resources = AlertStackChecks.lintResources(stack)
        guard let trail = resources.first(where: { $0.kind == "trail" }) else {
            errorOutput("error: stack \(stack.name) has no trail whose bucket Athena could read")
            return 1
        }
        do {
            var account = accountID
            var region = regions
            if account == nil || region == nil {
                let client = try client ?? aws.makeClient(debugOutput: errorOutput)
                if account == nil { account = try await client.call(.sts, "GetCallerIdentity", [:])["Account"].string }
                if region == nil { region = client.region }
            }
            guard let account, let region else { throw BacktestError("could not tell the account id; pass --account-id") }
            func lookup(_ reference: AttributeReference) -> Value? {
                if reference.resource == BuiltinReference.awsResource {
                    switch reference.attribute {
                    case "account_id": return .string(account)
                    case "region": return .string(region.split(separator: ",").first.map(String.init) ?? region)
                    default: return .string("aws")
                    }
                }
                guard reference.attribute == "name", let target = resources.first(where: { $0.id == reference.resource }) else { return nil }
                return target.properties["name"]?.resolved(lookup)
            }
            guard let bucket = trail.properties["bucket"]?.resolved(lookup).interpolated else {
                throw BacktestError("the trail \(trail.id)'s bucket name cannot be worked out offline")
            }
            let statement = CloudTrailTable(
                database: String(parts[0]), table: String(parts[1]), bucket: bucket,
                keyPrefix: trail.properties["key_prefix"]?.resolved(lookup).interpolated, accountID: account,
                regions: region.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, since: since)
            output(statement.createStatement)
            return 0
        } catch {
            errorOutput(ErrorReporting.line(for: error))
            return 1
        }
    }
}
