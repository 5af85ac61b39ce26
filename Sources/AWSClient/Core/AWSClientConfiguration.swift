import Foundation

/// Receives one line per HTTP attempt when debugging is on. Lines never contain credentials,
/// signatures or bodies.
public typealias AWSDebugLogger = @Sendable (String) -> Void

extension AWSClient {
    /// Everything a client needs; `AWSSettings` resolves most of it from the environment.
    public struct Configuration: Sendable {
        public var region: String
        public var credentials: any CredentialProvider
        public var endpoints: EndpointResolver
        public var retry: RetryPolicy
        public var transport: any HTTPTransport
        /// Per attempt: how long to wait for a reply.
        public var timeout: Duration
        public var debugLogger: AWSDebugLogger?
        /// The signing time; injected for tests.
        public var now: @Sendable () -> Date
        /// Sent as `User-Agent` on every request (unsigned, as the SDKs do), so the account's
        /// CloudTrail shows which tool and version made a call.
        public var userAgent = "secmon"

        public static let defaultTimeout: Duration = .seconds(30)

        public init(region: String, credentials: any CredentialProvider, endpoints: EndpointResolver? = nil,
                    retry: RetryPolicy = RetryPolicy(), transport: any HTTPTransport = CurlTransport(),
                    timeout: Duration = Configuration.defaultTimeout, debugLogger: AWSDebugLogger? = nil,
                    now: @escaping @Sendable () -> Date = { Date() }) {
            self.region = region
            self.credentials = credentials
            self.endpoints = endpoints ?? EndpointResolver(region: region)
            self.retry = retry
            self.transport = transport
            self.timeout = timeout
            self.debugLogger = debugLogger
            self.now = now
        }

        /// The configuration the environment and shared files describe (see `AWSSettings.resolve`).
        /// - Parameter transport: nil for the process's shared libcurl pool, trusting the
        ///   settings' CA bundle.
        public init(settings: AWSSettings, transport: (any HTTPTransport)? = nil,
                    timeout: Duration = Configuration.defaultTimeout, debugLogger: AWSDebugLogger? = nil) {
            let transport = transport ?? CurlTransport(caBundle: settings.caBundle)
            self.init(region: settings.region,
                      credentials: settings.credentials.with(transport: transport, debugLogger: debugLogger),
                      endpoints: settings.endpoints,
                      retry: RetryPolicy(maxAttempts: settings.maxAttempts), transport: transport, timeout: timeout,
                      debugLogger: debugLogger)
        }
    }
}
