import AWSClient
import Foundation
@testable import SecmonCLI

/// What the backtest command's tests (logs, S3, Athena) share: the example stack, the
/// CloudTrail fixtures, and one in-process run of `secmon backtest`.
enum BacktestRun {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let stack = repository + "/stacks/secret-access-alarm.yaml"
    static let cloudtrailFixtures = repository + "/Tests/SecmonAlertsTests/Fixtures/cloudtrail"

    /// Runs `secmon backtest ARGUMENTS` in-process against `client` (nil: the default client).
    /// The example stack's filter uses ${top_secret.read_pattern}: the fixtures' account and,
    /// unless the arguments name one, us-east-1 are added.
    static func run(_ arguments: [String], client: (any AWSCalling)? = nil) async throws
        -> (status: Int32, out: [String], err: [String]) {
        let account = ["--account", "111122223333"] + (arguments.contains("--region") ? [] : ["--region", "us-east-1"])
        let command = try BacktestCommand.parse(arguments + account)
        let out = Lines()
        let err = Lines()
        let status = await command.execute(output: { out.append($0) }, errorOutput: { err.append($0) }, client: client)
        return (status, out.all, err.all)
    }
}
