import Foundation

/// Everything the environment and the shared files say about reaching AWS, resolved once, the
/// way the AWS SDKs and CLI resolve it. The environment is passed in, never read globally.
public struct AWSSettings: Sendable {
    public var region: String
    public var profile: ProfileSelection
    /// `AWS_MAX_ATTEMPTS`, then the profile's `max_attempts`, then 3 (standard retry mode).
    public var maxAttempts: Int
    public var endpoints: EndpointResolver
    public var credentials: DefaultCredentialProvider
    /// `AWS_CA_BUNDLE`, then the profile's `ca_bundle`: a PEM file of certificate authorities
    /// to trust instead of the system's (a TLS-inspecting proxy, a private endpoint).
    public var caBundle: String?

    /// - Parameters:
    ///   - region: `--region`, if given.
    ///   - profile: `--profile`, if given.
    ///   - endpointURL: `--endpoint-url`, if given.
    /// - Throws: `AWSError` (`.configuration`) with one sentence saying what to fix.
    public static func resolve(region: String? = nil, profile: String? = nil, endpointURL: String? = nil,
                               environment: [String: String],
                               readFile: @escaping FileReader = SharedConfigFiles.realFileReader) throws -> AWSSettings {
        let files = SharedConfigFiles(environment: environment, readFile: readFile)
        let selection = ProfileSelection.resolve(option: profile, environment: environment)
        if selection.source != .default, !files.hasProfile(selection.name) {
            // Failing here, rather than quietly using environment keys, keeps a mistyped profile
            // from sending requests to whichever account the environment happens to hold.
            throw AWSError.configuration("ProfileNotFound",
                "The AWS \(selection.described) is not in \(files.describedPaths): set AWS_PROFILE (or --profile) to an "
                + "existing profile, or unset it and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
        }
        let profileSettings = files.settings(ofProfile: selection.name)
        let region = try RegionResolver.resolve(option: region, environment: environment, profile: selection, files: files)

        let overrides = try EndpointOverrides(
            explicit: endpointURL, environment: environment, profileSettings: profileSettings,
            profileServices: files.servicesSection(ofProfile: selection.name), profile: selection)
        let stsMode = environment.nonEmpty("AWS_STS_REGIONAL_ENDPOINTS") ?? profileSettings["sts_regional_endpoints"]
        let addressing = profileSettings["s3.addressing_style"]
        let endpoints = EndpointResolver(region: region, overrides: overrides,
                                         stsUsesLegacyGlobalEndpoint: stsMode?.lowercased() == "legacy",
                                         s3ForcePathStyle: addressing?.lowercased() == "path")

        return AWSSettings(
            region: region, profile: selection,
            maxAttempts: try maxAttempts(environment: environment, profileSettings: profileSettings, profile: selection),
            endpoints: endpoints,
            credentials: DefaultCredentialProvider(environment: environment, profile: selection, files: files,
                                                   region: region, endpoints: endpoints, readFile: readFile),
            caBundle: try caBundle(environment: environment, profileSettings: profileSettings, profile: selection,
                                   readFile: readFile))
    }

    static func caBundle(environment: [String: String], profileSettings: [String: String], profile: ProfileSelection,
                         readFile: FileReader) throws -> String? {
        let (path, source): (String?, String) = environment.nonEmpty("AWS_CA_BUNDLE").map { ($0, "AWS_CA_BUNDLE") }
            ?? (profileSettings["ca_bundle"], "ca_bundle in the \(profile.described)")
        guard let path, !path.isEmpty else { return nil }
        guard readFile(path) != nil else {
            throw AWSError.configuration("CABundleNotFound",
                "\(source) names \(path), which cannot be read: point it at a PEM file of certificate authorities, or unset it.")
        }
        return path
    }

    static func maxAttempts(environment: [String: String], profileSettings: [String: String],
                            profile: ProfileSelection) throws -> Int {
        let (text, source): (String?, String) = environment.nonEmpty("AWS_MAX_ATTEMPTS").map { ($0, "AWS_MAX_ATTEMPTS") }
            ?? (profileSettings["max_attempts"], "max_attempts in the \(profile.described)")
        guard let text, !text.isEmpty else { return RetryPolicy.standardMaxAttempts }
        guard let attempts = Int(text), attempts >= 1 else {
            throw AWSError.configuration("InvalidMaxAttempts",
                "\(source) is '\(text)', but it must be a whole number of at least 1 (1 means no retries).")
        }
        return attempts
    }
}
