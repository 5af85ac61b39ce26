import Foundation

/// Reads a file's text, or nil when it does not exist. Injected so tests never touch ~/.aws.
public typealias FileReader = @Sendable (_ path: String) -> String?

/// The shared config and credentials files (~/.aws/config, ~/.aws/credentials), located through
/// `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` and `HOME`, and parsed into profiles.
public struct SharedConfigFiles: Sendable {
    public let configPath: String?
    public let credentialsPath: String?
    /// Profile name -> settings from the config file (`[profile x]`, `[default]`).
    let configProfiles: [String: [String: String]]
    /// Profile name -> settings from the credentials file (`[x]`).
    let credentialsProfiles: [String: [String: String]]
    /// `[services name]` sections of the config file.
    let servicesSections: [String: [String: String]]
    /// `[sso-session name]` sections of the config file.
    let ssoSessions: [String: [String: String]]

    public static let realFileReader: FileReader = { path in
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public init(environment: [String: String], readFile: FileReader = SharedConfigFiles.realFileReader) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        configPath = Self.path(environment["AWS_CONFIG_FILE"], default: ".aws/config", home: home)
        credentialsPath = Self.path(environment["AWS_SHARED_CREDENTIALS_FILE"], default: ".aws/credentials", home: home)

        let config = INIFile(parsing: configPath.flatMap(readFile) ?? "")
        var profiles: [String: [String: String]] = [:]
        var services: [String: [String: String]] = [:]
        var sessions: [String: [String: String]] = [:]
        for name in config.sectionOrder {
            let settings = config[name] ?? [:]
            if name == "default" {
                profiles["default", default: [:]].merge(settings) { current, _ in current }
            } else if let profile = Self.named(name, prefix: "profile") {
                // `[profile default]` wins over `[default]`, as in the SDKs.
                profiles[profile, default: [:]].merge(settings) { _, new in new }
            } else if let service = Self.named(name, prefix: "services") {
                services[service] = settings
            } else if let session = Self.named(name, prefix: "sso-session") {
                sessions[session] = settings
            }
        }
        configProfiles = profiles
        servicesSections = services
        ssoSessions = sessions

        let credentials = INIFile(parsing: credentialsPath.flatMap(readFile) ?? "")
        credentialsProfiles = Dictionary(uniqueKeysWithValues: credentials.sectionOrder.map { ($0, credentials[$0] ?? [:]) })
    }

    /// Whether either file defines `profile`.
    public func hasProfile(_ profile: String) -> Bool {
        configProfiles[profile] != nil || credentialsProfiles[profile] != nil
    }

    /// The profile's settings, the credentials file's over the config file's.
    public func settings(ofProfile profile: String) -> [String: String] {
        (configProfiles[profile] ?? [:]).merging(credentialsProfiles[profile] ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// The `[services name]` section a profile points to with `services = name`.
    func servicesSection(ofProfile profile: String) -> [String: String] {
        guard let name = settings(ofProfile: profile)["services"] else { return [:] }
        return servicesSections[name] ?? [:]
    }

    /// An `[sso-session name]` section.
    func ssoSession(_ name: String) -> [String: String]? { ssoSessions[name] }

    /// `~/x` with HOME, as the SDKs expand paths in settings such as `web_identity_token_file`.
    static func expandingHome(_ path: String, environment: [String: String]) -> String {
        guard path.hasPrefix("~/"), let home = environment.nonEmpty("HOME") else { return path }
        return home + path.dropFirst()
    }

    /// Both paths, for messages ("~/.aws/credentials or ~/.aws/config").
    var describedPaths: String {
        let paths = [credentialsPath, configPath].compactMap { $0 }
        return paths.isEmpty ? "any shared config file (HOME is not set)" : paths.joined(separator: " or ")
    }

    private static func path(_ override: String?, default relative: String, home: String?) -> String? {
        if let override, !override.isEmpty {
            if override.hasPrefix("~/"), let home { return home + override.dropFirst() }
            return override
        }
        return home.map { $0 + "/" + relative }
    }

    /// `profile x` -> `x` for the given prefix.
    private static func named(_ section: String, prefix: String) -> String? {
        let parts = section.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 2, parts[0] == prefix else { return nil }
        return parts[1]
    }
}
