import Foundation

/// One link of the credential chain: the environment, a profile, a role, a process, SSO, the
/// container or instance endpoint. Small values; everything they reach is in the context.
protocol CredentialSourceProvider: Sendable {
    /// nil when this source is not configured, so the chain asks the next one; throws an
    /// `AWSError` (`.credentials`) with one sentence when it is configured but fails.
    func load(_ context: CredentialContext) async throws -> SourcedCredentials?
}

/// Asks for an MFA code with the given prompt; nil when there is no terminal to ask on.
public typealias MFACodeReader = @Sendable (_ prompt: String) -> String?

/// Runs a `credential_process` command and returns its exit status and standard output.
public typealias CredentialProcessRunner = @Sendable (_ command: String) async throws -> (status: Int32, output: Data)

/// What providers may reach: the environment, the shared files, the client's region, endpoints
/// and HTTP transport (for STS, SSO, the container and instance endpoints), the clock.
struct CredentialContext: Sendable {
    var environment: [String: String]
    var files: SharedConfigFiles
    /// The selected profile (for its `ec2_metadata_service_endpoint`).
    var profile: ProfileSelection
    var region: String
    var endpoints: EndpointResolver
    var transport: any HTTPTransport
    var debugLogger: AWSDebugLogger?
    var now: @Sendable () -> Date
    var readMFACode: MFACodeReader
    var runProcess: CredentialProcessRunner
    var readFile: FileReader

    /// A client for the calls providers make (STS, the SSO portal), signed with `credentials`
    /// (unused by the unsigned operations).
    func client(credentials: AWSCredentials?, region: String? = nil) -> AWSClient {
        var endpoints = self.endpoints
        if let region { endpoints.region = region }
        let provider = StaticCredentialProvider(credentials ?? AWSCredentials(accessKeyID: "", secretAccessKey: ""))
        return AWSClient(configuration: .init(region: region ?? self.region, credentials: provider, endpoints: endpoints,
                                              transport: transport, debugLogger: debugLogger, now: now))
    }
}

extension SourcedCredentials {
    /// Keys from the JSON that the container endpoint, the instance endpoint and
    /// `credential_process` print: `AccessKeyId`, `SecretAccessKey`, `Token`/`SessionToken`,
    /// `Expiration` (ISO 8601). nil when a key is missing or the expiration unreadable.
    init?(json object: [String: Any], source: CredentialSource) {
        guard let keyID = object["AccessKeyId"] as? String, !keyID.isEmpty,
              let secret = object["SecretAccessKey"] as? String, !secret.isEmpty else { return nil }
        let token = (object["SessionToken"] as? String) ?? (object["Token"] as? String)
        var expiration: Date?
        if let text = object["Expiration"] as? String {
            guard let date = Timestamps.parse(text) else { return nil }
            expiration = date
        }
        self.init(keys: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                       sessionToken: token.flatMap { $0.isEmpty ? nil : $0 }),
                  expiration: expiration, source: source)
    }
}
