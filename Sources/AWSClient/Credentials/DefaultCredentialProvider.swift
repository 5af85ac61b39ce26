import Foundation

/// The AWS SDKs' credential chain, first source that is configured wins:
/// environment keys; web identity from the environment; the profile (role, web identity, SSO,
/// keys, `credential_process`); the container endpoint (ECS); the instance endpoint (EC2 IMDSv2).
/// `--profile` skips the two environment sources (as the AWS CLI does); `AWS_PROFILE` doesn't.
/// Temporary credentials are cached and refreshed before they expire.
public struct DefaultCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public let profile: ProfileSelection
    public let files: SharedConfigFiles
    let context: CredentialContext
    private let cache = CredentialCache()

    /// - Parameters:
    ///   - region, endpoints: where STS calls for roles and web identity go.
    ///   - transport: also carries the container, instance-metadata and SSO portal requests.
    public init(environment: [String: String], profile: ProfileSelection, files: SharedConfigFiles,
                region: String = "us-east-1", endpoints: EndpointResolver? = nil,
                transport: any HTTPTransport = CurlTransport(), debugLogger: AWSDebugLogger? = nil,
                now: @escaping @Sendable () -> Date = { Date() },
                readMFACode: @escaping MFACodeReader = TerminalPrompt.readMFACode,
                runProcess: @escaping CredentialProcessRunner = CredentialProcess.run,
                readFile: @escaping FileReader = SharedConfigFiles.realFileReader) {
        self.environment = environment
        self.profile = profile
        self.files = files
        context = CredentialContext(environment: environment, files: files, profile: profile, region: region,
                                    endpoints: endpoints ?? EndpointResolver(region: region), transport: transport,
                                    debugLogger: debugLogger, now: now, readMFACode: readMFACode,
                                    runProcess: runProcess, readFile: readFile)
    }

    /// The same chain, sending its requests through `transport` and logging to `debugLogger`.
    public func with(transport: any HTTPTransport, debugLogger: AWSDebugLogger?) -> DefaultCredentialProvider {
        DefaultCredentialProvider(environment: environment, profile: profile, files: files, region: context.region,
                                  endpoints: context.endpoints, transport: transport, debugLogger: debugLogger,
                                  now: context.now, readMFACode: context.readMFACode, runProcess: context.runProcess,
                                  readFile: context.readFile)
    }

    public func sourcedCredentials() async throws -> SourcedCredentials {
        try await cache.credentials(now: context.now()) { [self] in
            let found = try await resolve()
            context.debugLogger?("credentials: \(found.source)"
                + (found.expiration.map { ", expiring \(Timestamps.iso8601($0))" } ?? ""))
            return found
        }
    }

    /// The chain in order, without the cache.
    func resolve() async throws -> SourcedCredentials {
        for provider in providers() {
            if let found = try await provider.load(context) { return found }
        }
        throw AWSError.credentials("NoCredentials",
            "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile "
            + "with keys, role_arn, credential_process or SSO (the \(profile.described) has none in \(files.describedPaths)), "
            + "or run where a container or instance role is available.")
    }

    func providers() -> [any CredentialSourceProvider] {
        var chain: [any CredentialSourceProvider] = []
        if profile.source != .option {
            chain.append(EnvironmentCredentials())
            chain.append(WebIdentityCredentials.fromEnvironment)
        }
        chain.append(ProfileCredentials(profile: profile))
        chain.append(ContainerCredentials())
        chain.append(InstanceMetadataCredentials())
        return chain
    }
}
