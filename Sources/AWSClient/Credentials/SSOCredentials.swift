import AWSSigV4
import Foundation

/// IAM Identity Center (SSO) profiles, `sso_session` or the legacy `sso_start_url` form: the
/// token `aws sso login` cached under ~/.aws/sso/cache/, exchanged for role credentials with the
/// portal's GetRoleCredentials. secmon does not log in or refresh the token itself.
struct SSOCredentials: CredentialSourceProvider {
    let profile: (name: String, described: String)
    /// The account and role to get credentials for, and the region of the portal.
    let role: (account: String, name: String, portalRegion: String)
    /// The session name (sso_session) or the start URL (legacy): the cache file is its SHA-1.
    let cacheKey: String

    /// nil when the profile has no SSO settings; throws when they are incomplete.
    init?(profile name: String, described: String, settings: [String: String], files: SharedConfigFiles) throws {
        let session = settings.nonEmpty("sso_session")
        guard session != nil || settings.nonEmpty("sso_start_url") != nil else { return nil }
        var merged = settings
        if let session {
            guard let sessionSettings = files.ssoSession(session) else {
                throw AWSError.credentials("SSOSessionNotFound",
                    "The \(described) names sso_session '\(session)', but \(files.configPath ?? "~/.aws/config") has no [sso-session \(session)] section: add it or run `aws configure sso --profile \(name)`.")
            }
            merged.merge(sessionSettings) { profileValue, _ in profileValue }
        }
        let missing = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"].filter { merged.nonEmpty($0) == nil }
        guard missing.isEmpty, let region = merged.nonEmpty("sso_region"), let account = merged.nonEmpty("sso_account_id"),
              let role = merged.nonEmpty("sso_role_name"), let startURL = merged.nonEmpty("sso_start_url") else {
            throw AWSError.credentials("IncompleteSSOProfile",
                "The \(described) uses SSO but lacks \(missing.joined(separator: ", ")): run `aws configure sso --profile \(name)`.")
        }
        profile = (name, described)
        self.role = (account, role, region)
        cacheKey = session ?? startURL
    }

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let (profileName, described) = profile
        let (accountID, roleName, region) = role
        let login = "run `aws sso login --profile \(profileName)`"
        guard let home = context.environment.nonEmpty("HOME") else {
            throw AWSError.credentials("SSOTokenMissing", "The \(described) uses SSO, but HOME is not set, so its cached token can't be found: set HOME, then \(login).")
        }
        let path = "\(home)/.aws/sso/cache/\(Crypto.hex(Crypto.sha1(Array(cacheKey.utf8)))).json"
        guard let text = context.readFile(path), let object = JSONReplyReader.object(Data(text.utf8)),
              let token = object["accessToken"] as? String, !token.isEmpty else {
            throw AWSError.credentials("SSOTokenMissing", "The \(described) has no cached SSO token (\(path)): \(login).")
        }
        if let expiresAt = (object["expiresAt"] as? String).flatMap(Timestamps.parse), expiresAt <= context.now() {
            throw AWSError.credentials("SSOTokenExpired", "The SSO token of the \(described) has expired: \(login).")
        }
        let source = CredentialSource(kind: "sso", location: "\(described), account \(accountID), role \(roleName)")
        let reply: AWSValue
        do {
            reply = try await context.client(credentials: nil, region: region).call(
                .sso, "GetRoleCredentials", ["roleName": .string(roleName), "accountId": .string(accountID), "accessToken": .string(token)])
        } catch let error as AWSError {
            let fix = error.code == "UnauthorizedException" ? login
                : "check that role \(roleName) in account \(accountID) is assigned to you, then \(login)"
            throw AWSError.credentials("SSOGetRoleCredentialsFailed",
                "The SSO portal refused credentials for the \(described) (\(error.code)): \(fix).")
        }
        let credentials = reply["roleCredentials"]
        guard let keyID = credentials["accessKeyId"].string, let secret = credentials["secretAccessKey"].string else {
            throw AWSError.credentials("SSOGetRoleCredentialsFailed", "The SSO portal returned no credentials for the \(described): \(login).")
        }
        return SourcedCredentials(
            keys: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: credentials["sessionToken"].string),
            expiration: credentials["expiration"].double.map { Date(timeIntervalSince1970: $0 / 1000) }, source: source)
    }
}
