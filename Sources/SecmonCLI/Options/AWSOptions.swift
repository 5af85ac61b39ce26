import AWSClient
import SecmonAWS
import ArgumentParser
import Foundation

/// The AWS options every AWS-using command takes (`@OptionGroup var aws: AWSOptions`), and the
/// one way commands build their client (a `SecmonClient`: secmon's policy over `AWSClient`).
public struct AWSOptions: ParsableArguments {
    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    public var region: String?

    @Option(help: "Profile in ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, then 'default'). Ignores AWS_ACCESS_KEY_ID and AWS_WEB_IDENTITY_TOKEN_FILE.")
    public var profile: String?

    @Option(name: .customLong("endpoint-url"),
            help: "Send every AWS request to this URL (a local endpoint, for example) instead of AWS.")
    public var endpointURL: String?

    @Flag(help: "Log each AWS request to stderr: method, service, operation, host, status, duration, attempt, request id.")
    public var debug = false

    public init() {}

    /// The client these options and `environment` describe (shared config files included).
    /// - Parameter debugOutput: where `--debug` lines go (stderr by default).
    /// - Throws: `AWSError` with one sentence when the region, profile or endpoint is unusable.
    public func makeClient(environment: [String: String] = ProcessInfo.processInfo.environment,
                           transport: (any HTTPTransport)? = nil,
                           readFile: @escaping FileReader = SharedConfigFiles.realFileReader,
                           debugOutput: @escaping @Sendable (String) -> Void = CommandIO.standard.err) throws -> SecmonClient {
        let settings = try AWSSettings.resolve(region: region, profile: profile, endpointURL: endpointURL,
                                               environment: environment, readFile: readFile)
        var configuration = AWSClient.Configuration(settings: settings, transport: transport,
                                                    debugLogger: debug ? debugOutput : nil)
        configuration.userAgent = BuildInfo.userAgent
        return SecmonClient(configuration: configuration)
    }
}
