/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
/// Empty values count as unset (so `AWS_ACCESS_KEY_ID= cmd` really unsets it).
struct EnvironmentCredentials: CredentialSourceProvider {
    /// nil when neither key variable is set; throws when only one of them is.
    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let environment = context.environment
        let keyID = environment.nonEmpty("AWS_ACCESS_KEY_ID")
        let secret = environment.nonEmpty("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case let (keyID?, secret?):
            return SourcedCredentials(
                keys: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                                     sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN")),
                source: CredentialSource(kind: "env", location: "AWS_ACCESS_KEY_ID"))
        case (nil, nil):
            return nil
        case (_?, nil):
            throw AWSError.credentials("PartialCredentials",
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or unset both to use a profile.")
        case (nil, _?):
            throw AWSError.credentials("PartialCredentials",
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or unset both to use a profile.")
        }
    }
}
