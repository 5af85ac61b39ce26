import AWSClient
import Foundation
import TestSupport
import XCTest

/// The acceptance of the credential chain: the real binary against the local endpoint's STS,
/// with a temporary HOME and no keys in the environment.
final class CredentialChainTests: LocalEndpointTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-chain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    /// The endpoint, a region and HOME: no access keys.
    private func environment(_ extra: [String: String] = [:]) throws -> [String: String] {
        let endpoint = try localEndpoint()
        return ["AWS_ENDPOINT_URL": endpoint.url.absoluteString, "AWS_REGION": "us-east-1", "HOME": home.path,
                "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { _, new in new }
    }

    private func write(_ path: String, _ text: String, executable: Bool = false) throws -> String {
        let url = home.appendingPathComponent(path)
        try text.write(to: url, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        return url.path
    }

    func testRoleWithSourceProfilePrintsTheAssumedRole() throws {
        _ = try write(".aws/config", """
        [profile base]
        region = us-east-1
        [profile deploy]
        role_arn = arn:aws:iam::123456789012:role/secmon-deployer
        source_profile = base
        role_session_name = alice-deploy
        """)
        _ = try write(".aws/credentials", "[base]\naws_access_key_id = AKIABASEEXAMPLE\naws_secret_access_key = basesecret\n")
        let result = try SecmonProcess(environment: environment()).run(["whoami", "--profile", "deploy", "--debug"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("ARN      arn:aws:sts::123456789012:assumed-role/secmon-deployer/alice-deploy"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Source   assume-role: profile 'deploy' (from --profile) via source_profile 'base'"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Session  alice-deploy"), result.stdout)
        XCTAssertTrue(result.stderr.contains("credentials: assume-role: profile 'deploy'"), result.stderr)
        XCTAssertFalse(result.all.contains("basesecret"))
    }

    func testWebIdentityFromTheEnvironmentPrintsTheAssumedRole() throws {
        let token = try write("oidc-token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9yZXBvIn0.c2ln")
        let result = try SecmonProcess(environment: environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/github-actions",
            "AWS_ROLE_SESSION_NAME": "gha-run-7",
        ])).run(["whoami", "--debug"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("ARN      arn:aws:sts::123456789012:assumed-role/github-actions/gha-run-7"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Source   assume-role-with-web-identity: AWS_WEB_IDENTITY_TOKEN_FILE"), result.stdout)
        XCTAssertFalse(result.all.contains("eyJhbGciOiJSUzI1NiJ9"))
    }

    /// The process prints keys of a role session made beforehand; GetCallerIdentity then names that
    /// session, which it can only do when the request was signed with those keys.
    func testCredentialProcessKeysSignTheRequests() async throws {
        let endpoint = try localEndpoint()
        let client = try endpoint.makeClient()
        let assumed = try await client.call(.sts, "AssumeRole", ["RoleArn": "arn:aws:iam::123456789012:role/from-process",
                                                                   "RoleSessionName": "printed-keys"])
        let keys = assumed["Credentials"]
        let json = #"{"Version": 1, "AccessKeyId": "\#(keys["AccessKeyId"].string ?? "")", "SecretAccessKey": "\#(keys["SecretAccessKey"].string ?? "")", "SessionToken": "\#(keys["SessionToken"].string ?? "")", "Expiration": "2099-01-01T00:00:00Z"}"#
        let script = try write("print-creds", "#!/bin/sh\ncat <<'JSON'\n\(json)\nJSON\n", executable: true)
        _ = try write(".aws/config", "[profile tool]\nregion = us-east-1\ncredential_process = \(script)\n")
        let result = try SecmonProcess(environment: environment()).run(["whoami", "--profile", "tool"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("ARN      arn:aws:sts::123456789012:assumed-role/from-process/printed-keys"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Source   custom-process: credential_process of the profile 'tool' (from --profile)"), result.stdout)
    }

    func testBrokenSourceIsOneSentenceAndExitOne() throws {
        _ = try write(".aws/config", "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/x\n")
        let result = try SecmonProcess(environment: environment()).run(["whoami", "--profile", "deploy"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "error: The profile 'deploy' (from --profile) has role_arn but neither source_profile nor "
            + "credential_source: add source_profile = <profile with credentials>.\n")
    }
}
