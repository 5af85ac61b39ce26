import Foundation

/// Custom endpoint URLs, with the SDKs' precedence:
/// 1. the explicit `--endpoint-url` (always honoured),
/// 2. `AWS_ENDPOINT_URL_<SERVICE_ID>`, 3. `AWS_ENDPOINT_URL`,
/// 4. the profile's `[services x]` section `<service> = endpoint_url = ...`,
/// 5. the profile's `endpoint_url`.
/// 2-5 are ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
/// `ignore_configured_endpoint_urls`) is true.
public struct EndpointOverrides: Sendable {
    public struct Source: Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    let explicit: String?
    let environment: [String: String]
    let profileSettings: [String: String]
    let profileServices: [String: String]
    let profile: ProfileSelection
    public let ignoresConfiguredURLs: Bool

    /// No overrides: every service at its standard AWS endpoint.
    public static let none = EndpointOverrides(explicit: nil, environment: [:], profileSettings: [:], profileServices: [:],
                                               profile: ProfileSelection(name: "default", source: .default),
                                               ignoresConfiguredURLs: false)

    init(explicit: String?, environment: [String: String], profileSettings: [String: String],
         profileServices: [String: String], profile: ProfileSelection, ignoresConfiguredURLs: Bool) {
        self.explicit = explicit.flatMap { $0.isEmpty ? nil : $0 }
        self.environment = environment.filter { $0.key.hasPrefix("AWS_ENDPOINT_URL") }
        self.profileSettings = profileSettings
        self.profileServices = profileServices
        self.profile = profile
        self.ignoresConfiguredURLs = ignoresConfiguredURLs
    }

    /// - Throws: `.configuration` when the explicit URL isn't an http(s) URL, or the ignore flag isn't a boolean.
    public init(explicit: String?, environment: [String: String], profileSettings: [String: String] = [:],
                profileServices: [String: String] = [:], profile: ProfileSelection) throws {
        let flagText = environment.nonEmpty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            ?? profileSettings["ignore_configured_endpoint_urls"]
        let ignores: Bool
        switch flagText?.lowercased() {
        case nil, "", "false": ignores = false
        case "true": ignores = true
        case let other?:
            throw AWSError.configuration("InvalidSetting",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or ignore_configured_endpoint_urls) is '\(other)', but must be true or false.")
        }
        self.init(explicit: explicit, environment: environment, profileSettings: profileSettings,
                  profileServices: profileServices, profile: profile, ignoresConfiguredURLs: ignores)
        if let explicit = self.explicit { _ = try Self.parse(explicit, source: "--endpoint-url") }
    }

    /// The custom endpoint for `service`, or nil for the standard AWS endpoint.
    public func url(for service: AWSService) throws -> URL? {
        guard let (text, source) = configured(for: service) else { return nil }
        return try Self.parse(text, source: source)
    }

    private func configured(for service: AWSService) -> (String, String)? {
        if let explicit { return (explicit, "--endpoint-url") }
        if ignoresConfiguredURLs { return nil }
        let specific = service.endpointURLEnvironmentVariable
        if let url = environment.nonEmpty(specific) { return (url, specific) }
        if let url = environment.nonEmpty("AWS_ENDPOINT_URL") { return (url, "AWS_ENDPOINT_URL") }
        if let url = profileServices["\(service.configFileKey).endpoint_url"], !url.isEmpty {
            return (url, "the services section of the \(profile.described)")
        }
        if let url = profileSettings["endpoint_url"], !url.isEmpty {
            return (url, "endpoint_url in the \(profile.described)")
        }
        return nil
    }

    /// An absolute http(s) URL with a host and no query; a trailing slash is dropped.
    static func parse(_ text: String, source: String) throws -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty, components.query == nil, components.fragment == nil,
              let url = components.url else {
            throw AWSError.configuration("InvalidEndpointURL",
                "The endpoint URL '\(text)' from \(source) is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:5000).")
        }
        return url
    }
}
