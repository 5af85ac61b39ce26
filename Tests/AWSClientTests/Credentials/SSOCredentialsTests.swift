@testable import AWSClient
import Foundation
import TestSupport
import Testing

/// SSO profiles against a loopback fake of the portal's GetRoleCredentials, with the token
/// cache files `aws sso login` writes (named by the SHA-1 of the session name or start URL).
@Suite struct SSOCredentialsTests {
    static let config = """
    [profile sso-new]
    sso_session = my-sso
    sso_account_id = 123456789012
    sso_role_name = SecurityAudit
    region = us-east-1
    [sso-session my-sso]
    sso_start_url = https://example.awsapps.com/start
    sso_region = eu-west-1
    [profile sso-legacy]
    sso_start_url = https://example.awsapps.com/start
    sso_region = eu-west-1
    sso_account_id = 123456789012
    sso_role_name = SecurityAudit
    [profile sso-half]
    sso_session = my-sso
    """
    /// SHA-1 of "my-sso" and of the start URL, as the AWS CLI names its cache files.
    static let sessionCache = ".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json"
    static let legacyCache = ".aws/sso/cache/e8be5486177c5b5392bd9aa76563515b29358e6e.json"

    static func portal() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            guard request.headers["x-amz-sso_bearer_token"] == "cached-token" else {
                return .init(401, #"{"message":"Session token not found or invalid"}"#,
                             headers: ["x-amzn-errortype": "UnauthorizedException"])
            }
            guard request.method == "GET",
                  request.target == "/federation/credentials?role_name=SecurityAudit&account_id=123456789012" else {
                return .init(400, #"{"message":"bad request"}"#, headers: ["x-amzn-errortype": "InvalidRequestException"])
            }
            return .init(200, #"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"SSOSECRET","sessionToken":"SSOTOKEN","expiration":1893456000000}}"#)
        }
    }

    static func token(expiresAt: String = "2030-01-01T00:00:00Z", accessToken: String = "cached-token") -> String {
        #"{"startUrl": "https://example.awsapps.com/start", "region": "eu-west-1", "accessToken": "\#(accessToken)", "expiresAt": "\#(expiresAt)"}"#
    }

    @Test("the session form and the legacy form", arguments: [("sso-new", sessionCache), ("sso-legacy", legacyCache)])
    func roleCredentialsFromTheCachedToken(profile: String, cacheFile: String) async throws {
        let home = try CredentialTestHome(config: Self.config)
        defer { home.cleanUp() }
        let portal = try Self.portal()
        defer { portal.stop() }
        try home.write(cacheFile, Self.token())
        let found = try await home.resolve(["AWS_ENDPOINT_URL_SSO": portal.url.absoluteString], profile: profile)
        #expect(found.keys == AWSCredentials(accessKeyID: "ASIASSO", secretAccessKey: "SSOSECRET", sessionToken: "SSOTOKEN"))
        #expect(found.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(found.source.kind == "sso")
        #expect(portal.requests.first?.headers["authorization"] == nil)  // the bearer token is the proof; unsigned
    }

    @Test("missing, expired and refused tokens say to log in", arguments: [
        (nil, "has no cached SSO token"),
        (token(expiresAt: "2020-01-01T00:00:00Z"), "The SSO token of the profile 'sso-new' (from --profile) has expired"),
        (token(accessToken: "stale"), "The SSO portal refused credentials for the profile 'sso-new' (from --profile) (UnauthorizedException)"),
    ])
    func brokenToken(cached: String?, sentence: String) async throws {
        let home = try CredentialTestHome(config: Self.config)
        defer { home.cleanUp() }
        let portal = try Self.portal()
        defer { portal.stop() }
        if let cached { try home.write(Self.sessionCache, cached) }
        let message = await credentialsError {
            try await home.resolve(["AWS_ENDPOINT_URL_SSO": portal.url.absoluteString], profile: "sso-new")
        }
        #expect(message.contains(sentence), "\(message)")
        #expect(message.hasSuffix("run `aws sso login --profile sso-new`."), "\(message)")
    }

    @Test func incompleteSSOProfileNamesWhatIsMissing() async throws {
        let home = try CredentialTestHome(config: Self.config)
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve(profile: "sso-half") }
        #expect(message == "The profile 'sso-half' (from --profile) uses SSO but lacks sso_account_id, sso_role_name: run `aws configure sso --profile sso-half`.")
    }
}
