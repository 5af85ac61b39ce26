/// Static credentials of a profile in the shared credentials or config file
/// (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`).
struct ProfileCredentials: Sendable {
    let profile: ProfileSelection
    let files: SharedConfigFiles

    /// Settings that make a profile get credentials some other way, which secmon doesn't do.
    private static let unsupportedSources = ["role_arn", "credential_process", "sso_session", "sso_start_url",
                                             "web_identity_token_file", "credential_source"]

    /// nil when the profile has no key pair; throws when it is incomplete or of a kind we can't use.
    func load() throws -> AWSCredentials? {
        let settings = files.settings(ofProfile: profile.name)
        let keyID = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (keyID, secret) {
        case let (keyID?, secret?):
            let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        case (nil, nil):
            if let unsupported = Self.unsupportedSources.first(where: { settings[$0] != nil }) {
                throw AWSError.credentials("UnsupportedCredentialSource",
                    "The \(profile.described) gets credentials through \(unsupported), which secmon does not support: "
                    + "export short-lived keys (e.g. `aws configure export-credentials --format env`) into "
                    + "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.")
            }
            return nil
        default:
            throw AWSError.credentials("PartialCredentials",
                "The \(profile.described) has only one of aws_access_key_id and aws_secret_access_key: set both in \(files.describedPaths).")
        }
    }
}
