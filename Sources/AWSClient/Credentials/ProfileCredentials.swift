/// The selected profile of the shared config and credentials files, in botocore's order:
/// `role_arn` (with `source_profile` or `credential_source`; role chaining), web identity
/// (`web_identity_token_file`), SSO (`sso_session` or `sso_start_url`), keys
/// (`aws_access_key_id`...), then `credential_process`.
struct ProfileCredentials: CredentialSourceProvider {
    let profile: ProfileSelection

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let files = context.files
        if profile.source != .default, !files.hasProfile(profile.name) {
            throw AWSError.credentials("ProfileNotFound",
                "No AWS credentials found: the \(profile.described) is not in \(files.describedPaths); "
                + "set AWS_PROFILE (or --profile) to an existing profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
        }
        guard let provider = try Self.provider(forProfile: profile.name, described: profile.described, files: files,
                                               visited: []) else { return nil }
        return try await provider.load(context)
    }

    /// What gives `name`'s credentials, or nil when the profile configures none.
    /// - Parameter visited: profiles already on the `source_profile` path, to refuse loops.
    static func provider(forProfile name: String, described: String, files: SharedConfigFiles,
                         visited: [String]) throws -> (any CredentialSourceProvider)? {
        let settings = files.settings(ofProfile: name)
        let isSource = !visited.isEmpty
        let keys = try StaticProfileKeys(settings: settings, described: described, files: files, profile: name)
        // A source profile with keys uses them even when it also has a role_arn (as botocore does).
        if let roleARN = settings.nonEmpty("role_arn"), !(isSource && keys != nil) {
            if let role = try assumeRole(roleARN, name: name, described: described, settings: settings, files: files,
                                         visited: visited, keys: keys) {
                return role
            }
        }
        if settings.nonEmpty("web_identity_token_file") != nil {
            return WebIdentityCredentials(origin: .profile(settings: settings, described: described))
        }
        if let sso = try SSOCredentials(profile: name, described: described, settings: settings, files: files) {
            return sso
        }
        if let keys { return keys }
        if let command = settings.nonEmpty("credential_process") {
            return ProcessCredentials(command: command, profile: described)
        }
        return nil
    }

    private static func assumeRole(_ roleARN: String, name: String, described: String, settings: [String: String],
                                   files: SharedConfigFiles, visited: [String],
                                   keys: StaticProfileKeys?) throws -> (any CredentialSourceProvider)? {
        let source: any CredentialSourceProvider, sourceDescription: String
        switch (settings.nonEmpty("source_profile"), settings.nonEmpty("credential_source")) {
        case (_?, _?):
            throw AWSError.credentials("AmbiguousRoleSource",
                "The \(described) sets both source_profile and credential_source for role_arn: keep only one.")
        case (let sourceName?, nil):
            sourceDescription = "source_profile '\(sourceName)'"
            if sourceName == name {
                // A profile naming itself uses its own keys for the role, as in the AWS CLI.
                guard let keys else {
                    throw AWSError.credentials("InvalidSourceProfile",
                        "The \(described) is its own source_profile but has no aws_access_key_id and aws_secret_access_key: add them, or name another profile.")
                }
                source = keys
            } else {
                guard !visited.contains(sourceName) else {
                    throw AWSError.credentials("SourceProfileLoop",
                        "The source_profile chain of the \(described) loops (\((visited + [name, sourceName]).joined(separator: " -> "))): break the loop in \(files.describedPaths).")
                }
                guard files.hasProfile(sourceName) else {
                    throw AWSError.credentials("SourceProfileNotFound",
                        "The \(described) names source_profile '\(sourceName)', which is not in \(files.describedPaths): add that profile or fix the name.")
                }
                guard let found = try provider(forProfile: sourceName, described: "profile '\(sourceName)'", files: files,
                                               visited: visited + [name]) else {
                    throw AWSError.credentials("NoSourceCredentials",
                        "The \(described) assumes \(roleARN) with source_profile '\(sourceName)', which has no credentials: "
                        + "give it keys, role_arn, credential_process or SSO settings.")
                }
                source = found
            }
        case (nil, let named?):
            sourceDescription = "credential_source \(named)"
            switch named {
            case "Environment": source = EnvironmentCredentials()
            case "Ec2InstanceMetadata": source = InstanceMetadataCredentials(required: true)
            case "EcsContainer": source = ContainerCredentials()
            default:
                throw AWSError.credentials("InvalidCredentialSource",
                    "The \(described) has credential_source = \(named), which is not one of Environment, Ec2InstanceMetadata, EcsContainer: use one of those.")
            }
        case (nil, nil):
            // role_arn with web_identity_token_file is the web identity form, handled by the caller.
            if settings.nonEmpty("web_identity_token_file") != nil { return nil }
            throw AWSError.credentials("IncompleteRoleProfile",
                "The \(described) has role_arn but neither source_profile nor credential_source: add source_profile = <profile with credentials>.")
        }
        var duration: Int?
        if let text = settings.nonEmpty("duration_seconds") {
            guard let seconds = Int(text), (900...43_200).contains(seconds) else {
                throw AWSError.credentials("InvalidDurationSeconds",
                    "The \(described) has duration_seconds = \(text), but it must be a whole number from 900 to 43200.")
            }
            duration = seconds
        }
        return AssumeRoleCredentials(roleARN: roleARN, sessionName: settings.nonEmpty("role_session_name"),
                                     externalID: settings.nonEmpty("external_id"), durationSeconds: duration,
                                     mfaSerial: settings.nonEmpty("mfa_serial"), profile: described, source: source,
                                     sourceDescription: sourceDescription)
    }
}

/// A profile's own keys: `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`.
struct StaticProfileKeys: CredentialSourceProvider {
    let keys: AWSCredentials
    /// Named as `aws configure list` names it: which file the key came from.
    let source: CredentialSource

    /// nil when the profile has no key; throws when it has only one of the pair.
    init?(settings: [String: String], described: String, files: SharedConfigFiles, profile: String) throws {
        switch (settings.nonEmpty("aws_access_key_id"), settings.nonEmpty("aws_secret_access_key")) {
        case let (keyID?, secret?):
            keys = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: settings.nonEmpty("aws_session_token"))
            let inCredentialsFile = files.credentialsProfiles[profile]?["aws_access_key_id"] != nil
            let path = (inCredentialsFile ? files.credentialsPath : files.configPath) ?? files.describedPaths
            source = CredentialSource(kind: inCredentialsFile ? "shared-credentials-file" : "config-file",
                                      location: "\(described) in \(path)")
        case (nil, nil):
            return nil
        default:
            throw AWSError.credentials("PartialCredentials",
                "The \(described) has only one of aws_access_key_id and aws_secret_access_key: set both in \(files.describedPaths).")
        }
    }

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        SourcedCredentials(keys: keys, source: source)
    }
}
