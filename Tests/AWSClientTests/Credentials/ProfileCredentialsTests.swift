@testable import AWSClient
import Foundation
import TestSupport
import Testing

/// Profiles with `role_arn`: source_profile, credential_source, chaining, the role settings,
/// MFA, and the sentence each broken set-up gives. STS is a loopback fake.
@Suite struct ProfileCredentialsTests {
    static let config = """
    [profile base]
    region = us-east-1
    [profile deploy]
    role_arn = arn:aws:iam::123456789012:role/deployer
    source_profile = base
    role_session_name = alice
    external_id = ext-42
    duration_seconds = 1800
    [profile chained]
    role_arn = arn:aws:iam::210987654321:role/auditor
    source_profile = deploy
    [profile from-env]
    role_arn = arn:aws:iam::123456789012:role/ci
    credential_source = Environment
    [profile mfa]
    role_arn = arn:aws:iam::123456789012:role/admin
    source_profile = base
    mfa_serial = arn:aws:iam::123456789012:mfa/alice
    """
    static let credentials = """
    [base]
    aws_access_key_id = AKIABASE
    aws_secret_access_key = BASESECRET
    """

    @Test func sourceProfileAssumesTheRoleWithItsSettings() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let found = try await home.resolve(profile: "deploy")
        #expect(found.keys.accessKeyID == "KEY-AssumeRole-1")
        #expect(found.keys.sessionToken == "TOKEN-1")
        #expect(found.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(found.source.kind == "assume-role")
        #expect(found.source.roleARN == "arn:aws:iam::123456789012:role/deployer")
        #expect(found.source.sessionName == "alice")
        #expect(home.stsSigners == ["AKIABASE"])
        let form = try #require(home.stsForms.first)
        #expect(form["RoleArn"] == "arn:aws:iam::123456789012:role/deployer")
        #expect(form["ExternalId"] == "ext-42")
        #expect(form["DurationSeconds"] == "1800")
        #expect(form["RoleSessionName"] == "alice")
    }

    @Test func rolesChainThroughSourceProfiles() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let found = try await home.resolve(profile: "chained")
        #expect(found.keys.accessKeyID == "KEY-AssumeRole-2")
        #expect(home.stsSigners == ["AKIABASE", "KEY-AssumeRole-1"])
        #expect(home.stsForms.map { $0["RoleArn"] } == ["arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::210987654321:role/auditor"])
    }

    @Test func credentialSourceEnvironmentSignsWithEnvironmentKeys() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let found = try await home.resolve(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"], profile: "from-env")
        #expect(found.keys.accessKeyID == "KEY-AssumeRole-1")
        #expect(home.stsSigners == ["AKIAENV"])
        #expect(found.source.location.contains("credential_source Environment"))
    }

    @Test func mfaCodeIsAskedForAndSent() async throws {
        let home = try CredentialTestHome(config: Self.config, credentials: Self.credentials)
        defer { home.cleanUp() }
        let prompts = LockedStrings()
        _ = try await home.resolve(profile: "mfa", readMFACode: { prompt in prompts.append(prompt); return "123456" })
        #expect(prompts.all == ["Enter MFA code for arn:aws:iam::123456789012:mfa/alice: "])
        #expect(home.stsForms.first?["SerialNumber"] == "arn:aws:iam::123456789012:mfa/alice")
        #expect(home.stsForms.first?["TokenCode"] == "123456")
    }

    @Test("broken role profiles give one sentence naming the profile and the fix", arguments: [
        ("", "needs an MFA code for arn:aws:iam::123456789012:mfa/alice, but secmon is not running on a terminal"),
        ("source_profile = loop\n[profile loop]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = broken",
         "The source_profile chain of the profile 'loop' loops (broken -> loop -> broken): break the loop in"),
        ("external_id = x", "The profile 'broken' (from --profile) has role_arn but neither source_profile nor credential_source"),
        ("source_profile = nowhere", "names source_profile 'nowhere', which is not in"),
        ("credential_source = Laptop", "credential_source = Laptop, which is not one of Environment, Ec2InstanceMetadata, EcsContainer"),
        ("source_profile = base\nduration_seconds = 60", "has duration_seconds = 60, but it must be a whole number from 900 to 43200"),
    ])
    func brokenProfiles(settings: String, sentence: String) async throws {
        let broken = settings.isEmpty ? "" : "\n[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/x\n\(settings)\n"
        let home = try CredentialTestHome(config: Self.config + broken, credentials: Self.credentials)
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve(profile: settings.isEmpty ? "mfa" : "broken") }
        #expect(message.contains(sentence), "\(message)")
        #expect(!message.contains("\n") && !message.contains("BASESECRET"))
    }

    @Test func roleRefusedBySTSNamesTheRoleTheProfileAndTheFix() async throws {
        let home = try CredentialTestHome(config: Self.config + "\n[profile denied]\nrole_arn = arn:aws:iam::123456789012:role/denied\nsource_profile = base\n",
                                          credentials: Self.credentials)
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve(profile: "denied") }
        #expect(message == "STS AssumeRole for arn:aws:iam::123456789012:role/denied (profile 'denied' (from --profile) via source_profile 'base') "
            + "failed: AccessDenied (not allowed); check that the credentials of source_profile 'base' may assume it and that its trust policy allows them.")
    }

    /// Without an override, roles are assumed at the regional STS endpoint of the profile's region.
    @Test func rolesUseTheRegionalSTSEndpoint() async throws {
        let home = try CredentialTestHome(config: Self.config.replacingOccurrences(of: "[profile deploy]", with: "[profile deploy]\nregion = eu-west-1"),
                                          credentials: Self.credentials)
        defer { home.cleanUp() }
        let reply = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAREGIONAL</AccessKeyId>"
            + "<SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>"
            + "</Credentials></AssumeRoleResult></AssumeRoleResponse>"
        let transport = ScriptedTransport(status: 200, body: reply)
        let env = home.environment(["AWS_ENDPOINT_URL_STS": "", "AWS_REGION": ""])
        let settings = try AWSSettings.resolve(profile: "deploy", environment: env)
        let found = try await settings.credentials.with(transport: transport, debugLogger: nil).sourcedCredentials()
        #expect(found.keys.accessKeyID == "ASIAREGIONAL")
        #expect(await transport.requests.map { $0.url.host } == ["sts.eu-west-1.amazonaws.com"])
    }

    @Test func roleEndpointComesFromTheProfileEndpointURL() async throws {
        let home = try CredentialTestHome(credentials: Self.credentials)
        defer { home.cleanUp() }
        // The fixture's AWS_ENDPOINT_URL_STS is removed: only the profile's endpoint_url can reach the fake.
        try home.write(".aws/config", Self.config.replacingOccurrences(
            of: "source_profile = base\nrole_session_name = alice",
            with: "source_profile = base\nrole_session_name = alice\nendpoint_url = \(home.sts.url.absoluteString)"))
        let found = try await home.resolve(["AWS_ENDPOINT_URL_STS": ""], profile: "deploy")
        #expect(found.keys.accessKeyID == "KEY-AssumeRole-1")
    }
}

final class LockedStrings: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func append(_ value: String) { lock.withLock { values.append(value) } }
    var all: [String] { lock.withLock { values } }
}
