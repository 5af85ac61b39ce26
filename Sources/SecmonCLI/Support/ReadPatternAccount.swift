import Foundation
import SecmonAlerts
import SecmonStack

/// The account and region an offline command builds `${secret.read_pattern}` for, from
/// `--account` and `--region` (or AWS_REGION / AWS_DEFAULT_REGION). Replaying real records
/// with a made-up account would silently match nothing, so a stack that uses a read pattern
/// must name them.
enum ReadPatternAccount {
    static func resolve(stack: ValidatedStack, account: String?, region: String?,
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<OfflineAccount, BacktestError> {
        let secrets = OfflineAccount.readPatternSecrets(in: stack)
        let region = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        guard !secrets.isEmpty else { return .success(.example) }
        let uses = "the stack's metric filters use ${\(secrets[0]).read_pattern}, which names the secret's account and region"
        guard let account else { return .failure(BacktestError("\(uses): give --account ACCOUNT_ID (and --region)")) }
        guard account.count == 12, account.allSatisfy(\.isASCIIDigit) else {
            return .failure(BacktestError("--account expects a 12-digit account id, not '\(account)'"))
        }
        guard let region, !region.isEmpty else { return .failure(BacktestError("\(uses): give --region REGION")) }
        return .success(OfflineAccount(account: account, region: region))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
