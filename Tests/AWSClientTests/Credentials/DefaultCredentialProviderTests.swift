@testable import AWSClient
import Foundation
import Testing

/// The chain's order: environment keys, web identity from the environment, the profile, then
/// the container and instance endpoints; `--profile` skips the environment; `AWS_PROFILE` doesn't.
@Suite struct DefaultCredentialProviderTests {
    static let config = """
    [default]
    region = us-east-1
    [profile dev]
    region = us-east-1
    [profile web]
    role_arn = arn:aws:iam::123456789012:role/from-profile
    web_identity_token_file = ~/token
    role_session_name = profile-session
    """
    static let credentials = """
    [default]
    aws_access_key_id = AKIADEFAULT
    aws_secret_access_key = DEFAULTSECRET
    [dev]
    aws_access_key_id = AKIADEV
    aws_secret_access_key = DEVSECRET
    """
    static let environmentKeys = ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"]

    @Test func environmentBeatsTheProfile() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let found = try await home.resolve(Self.environmentKeys.merging(["AWS_PROFILE": "dev"]) { a, _ in a })
        #expect(found.keys.accessKeyID == "AKIAENV")
        #expect(found.source == CredentialSource(kind: "env", location: "AWS_ACCESS_KEY_ID"))
    }

    @Test func profileOptionBeatsEnvironmentKeysAndAWSProfile() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let found = try await home.resolve(Self.environmentKeys.merging(["AWS_PROFILE": "default"]) { a, _ in a }, profile: "dev")
        #expect(found.keys.accessKeyID == "AKIADEV")
        #expect(found.source == CredentialSource(kind: "shared-credentials-file",
                                                 location: "profile 'dev' (from --profile) in \(home.home.path)/.aws/credentials"))
    }

    @Test func keysInTheConfigFileAreNamedSo() async throws {
        let home = try CredentialTestHome(config: "[profile cfg]\naws_access_key_id = AKIACFG\naws_secret_access_key = CFGSECRET\n")
        defer { home.cleanUp() }
        let found = try await home.resolve(profile: "cfg")
        #expect(found.source == CredentialSource(kind: "config-file", location: "profile 'cfg' (from --profile) in \(home.home.path)/.aws/config"))
    }

    @Test func webIdentityFromTheEnvironmentBeatsTheDefaultProfile() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let token = try home.write("oidc-token", "eyJ.github-oidc.token\n")
        let found = try await home.resolve(["AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/gha",
                                            "AWS_ROLE_SESSION_NAME": "run-42"])
        #expect(found.keys.accessKeyID == "KEY-AssumeRoleWithWebIdentity-1")
        #expect(found.source.kind == "assume-role-with-web-identity")
        #expect(found.source.sessionName == "run-42")
        // AssumeRoleWithWebIdentity is unsigned: the token is the proof.
        #expect(home.stsSigners == ["unsigned"])
        #expect(home.stsForms.first?["WebIdentityToken"] == "eyJ.github-oidc.token")
        #expect(home.stsForms.first?["RoleArn"] == "arn:aws:iam::123456789012:role/gha")
    }

    @Test func webIdentityFromAProfileExpandsHome() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        try home.write("token", "profile-token")
        let found = try await home.resolve(profile: "web")
        #expect(found.source.roleARN == "arn:aws:iam::123456789012:role/from-profile")
        #expect(found.source.sessionName == "profile-session")
        #expect(home.stsForms.first?["WebIdentityToken"] == "profile-token")
    }

    @Test("broken environment sources give their sentence", arguments: [
        (["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token", "AWS_ROLE_ARN": "arn:aws:iam::1:role/x"],
         "The web identity token file /nonexistent/token (from AWS_WEB_IDENTITY_TOKEN_FILE) is missing or empty: check the path"),
        (["AWS_WEB_IDENTITY_TOKEN_FILE": "/x"], "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not: set AWS_ROLE_ARN to the role to assume"),
        (["AWS_ACCESS_KEY_ID": "AKIA"], "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
    ])
    func brokenEnvironment(environment: [String: String], sentence: String) async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve(environment) }
        #expect(message.contains(sentence), "\(message)")
    }

    @Test func nothingConfiguredNamesWhatToSet() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve() }
        #expect(message.hasPrefix("No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"), "\(message)")
    }

    @Test func profileWebIdentityWithoutItsTokenNamesTheProfile() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve(profile: "web") }
        #expect(message == "The web identity token file \(home.home.path)/token (from web_identity_token_file in the profile 'web' (from --profile)) "
            + "is missing or empty: check the path, or unset web_identity_token_file in the profile 'web' (from --profile) to use another credential source.")
    }

    /// With the clock moved to 4 minutes before the keys expire, the next request fetches new ones.
    @Test func roleCredentialsAreRefreshedBeforeTheyExpire() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let token = try home.write("oidc-token", "eyJ.token")
        let clock = LockedClock(Date(timeIntervalSince1970: 1_893_456_000 - 3600))  // the fake's keys expire 2030-01-01
        let provider = try home.provider(["AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::1:role/x"],
                                         now: { clock.now })
        #expect(try await provider.credentials().accessKeyID == "KEY-AssumeRoleWithWebIdentity-1")
        clock.now = Date(timeIntervalSince1970: 1_893_456_000 - 6 * 60)
        #expect(try await provider.credentials().accessKeyID == "KEY-AssumeRoleWithWebIdentity-1")
        clock.now = Date(timeIntervalSince1970: 1_893_456_000 - 4 * 60)
        #expect(try await provider.credentials().accessKeyID == "KEY-AssumeRoleWithWebIdentity-2")
    }

    /// The client asks the chain once and reuses temporary keys until shortly before expiry.
    @Test func clientRequestsReuseCachedRoleCredentials() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let token = try home.write("oidc-token", "eyJ.token")
        let provider = try home.provider(["AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::1:role/x"])
        let first = try await provider.credentials()
        let second = try await provider.credentials()
        #expect(first == second)
        #expect(home.sts.requests.count == 1)
    }
}

final class LockedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date
    init(_ date: Date) { self.date = date }
    var now: Date {
        get { lock.withLock { date } }
        set { lock.withLock { date = newValue } }
    }
}
