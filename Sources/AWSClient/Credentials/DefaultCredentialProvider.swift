/// The SDKs' chain: environment variables, then the profile in the shared credentials and config
/// files. An explicit `--profile` skips the environment (as the AWS CLI does); `AWS_PROFILE`
/// doesn't. Nothing is read from the process: the environment and files are injected.
public struct DefaultCredentialProvider: CredentialProvider {
    public let environment: [String: String]
    public let profile: ProfileSelection
    public let files: SharedConfigFiles

    public init(environment: [String: String], profile: ProfileSelection, files: SharedConfigFiles) {
        self.environment = environment
        self.profile = profile
        self.files = files
    }

    public func credentials() async throws -> AWSCredentials {
        if profile.source != .option, let fromEnvironment = try EnvironmentCredentials(environment: environment).load() {
            return fromEnvironment
        }
        if profile.source != .default, !files.hasProfile(profile.name) {
            throw AWSError.credentials("ProfileNotFound",
                "No AWS credentials found: the \(profile.described) is not in \(files.describedPaths); "
                + "set AWS_PROFILE (or --profile) to an existing profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
        }
        if let fromProfile = try ProfileCredentials(profile: profile, files: files).load() {
            return fromProfile
        }
        throw AWSError.credentials("NoCredentials",
            "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile "
            + "with aws_access_key_id and aws_secret_access_key (the \(profile.described) has none in \(files.describedPaths)).")
    }
}
