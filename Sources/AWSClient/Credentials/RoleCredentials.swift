import Foundation

/// `role_arn` with `source_profile` or `credential_source`: STS AssumeRole, signed with the
/// credentials of the source (which may itself be a role: role chaining).
struct AssumeRoleCredentials: CredentialSourceProvider {
    var roleARN: String
    var sessionName: String?
    var externalID: String?
    var durationSeconds: Int?
    var mfaSerial: String?
    /// "profile 'dev' (from --profile)", for messages and `whoami`.
    var profile: String
    var source: any CredentialSourceProvider
    /// "source_profile 'base'" or "credential_source Environment".
    var sourceDescription: String

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        guard let base = try await source.load(context) else {
            throw AWSError.credentials("NoSourceCredentials",
                "The \(profile) assumes \(roleARN) with \(sourceDescription), which supplies no credentials: "
                + "give it keys or another credential source.")
        }
        let session = sessionName ?? STSRole.defaultSessionName(context.now())
        var input: [String: AWSValue] = ["RoleArn": .string(roleARN), "RoleSessionName": .string(session)]
        if let externalID { input["ExternalId"] = .string(externalID) }
        if let durationSeconds { input["DurationSeconds"] = .integer(Int64(durationSeconds)) }
        if let mfaSerial {
            guard let code = context.readMFACode("Enter MFA code for \(mfaSerial): "), !code.isEmpty else {
                throw AWSError.credentials("MFACodeUnavailable",
                    "The \(profile) needs an MFA code for \(mfaSerial), but secmon is not running on a terminal to ask for it: "
                    + "run it interactively, or use a profile without mfa_serial (e.g. one with credential_process).")
            }
            input["SerialNumber"] = .string(mfaSerial)
            input["TokenCode"] = .string(code)
        }
        return try await STSRole.assume("AssumeRole", input: .map(input), signedWith: base.keys, context: context,
                                        source: CredentialSource(kind: "assume-role", location: "\(profile) via \(sourceDescription)",
                                                                 roleARN: roleARN, sessionName: session),
                                        whatToDo: "check that the credentials of \(sourceDescription) may assume it and that its trust policy allows them")
    }
}

/// A web identity token (GitHub Actions OIDC, EKS service accounts) exchanged for a role with
/// STS AssumeRoleWithWebIdentity, which needs no AWS credentials. From the environment
/// (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`) or a profile
/// (`web_identity_token_file`, `role_arn`, `role_session_name`).
struct WebIdentityCredentials: CredentialSourceProvider {
    enum Origin: Sendable {
        case environment
        case profile(settings: [String: String], described: String)
    }
    var origin: Origin

    static let fromEnvironment = WebIdentityCredentials(origin: .environment)

    func load(_ context: CredentialContext) async throws -> SourcedCredentials? {
        let tokenFile: String?, roleARN: String?, sessionName: String?
        let names: (token: String, role: String), location: String
        switch origin {
        case .environment:
            let env = context.environment
            (tokenFile, roleARN, sessionName) = (env.nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE"), env.nonEmpty("AWS_ROLE_ARN"),
                                                 env.nonEmpty("AWS_ROLE_SESSION_NAME"))
            names = ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")
            location = "AWS_WEB_IDENTITY_TOKEN_FILE"
        case .profile(let settings, let described):
            (tokenFile, roleARN, sessionName) = (settings.nonEmpty("web_identity_token_file"), settings.nonEmpty("role_arn"),
                                                 settings.nonEmpty("role_session_name"))
            names = ("web_identity_token_file in the \(described)", "role_arn")
            location = described
        }
        switch (tokenFile, roleARN) {
        case (nil, nil):
            return nil
        case (nil, _?):
            return nil  // AWS_ROLE_ARN alone is how some other tools name a role: not web identity
        case (_?, nil):
            throw AWSError.credentials("PartialWebIdentity",
                "\(names.token) is set but \(names.role) is not: set \(names.role) to the role to assume, or unset \(names.token).")
        case let (tokenFile?, roleARN?):
            let path = SharedConfigFiles.expandingHome(tokenFile, environment: context.environment)
            guard let token = context.readFile(path)?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                throw AWSError.credentials("WebIdentityTokenUnreadable",
                    "The web identity token file \(path) (from \(names.token)) is missing or empty: "
                    + "check the path, or unset \(names.token) to use another credential source.")
            }
            let session = sessionName ?? STSRole.defaultSessionName(context.now())
            return try await STSRole.assume(
                "AssumeRoleWithWebIdentity",
                input: ["RoleArn": .string(roleARN), "RoleSessionName": .string(session), "WebIdentityToken": .string(token)],
                signedWith: nil, context: context,
                source: CredentialSource(kind: "assume-role-with-web-identity", location: location, roleARN: roleARN,
                                         sessionName: session),
                whatToDo: "check that the role's trust policy allows the token's issuer, audience and subject")
        }
    }
}

/// The STS call both role providers make, and its reply as credentials.
enum STSRole {
    static func defaultSessionName(_ now: Date) -> String { "secmon-\(Int(now.timeIntervalSince1970))" }

    static func assume(_ operation: String, input: AWSValue, signedWith keys: AWSCredentials?, context: CredentialContext,
                       source: CredentialSource, whatToDo: String) async throws -> SourcedCredentials {
        try await assume(operation, input: input, client: context.client(credentials: keys), source: source, whatToDo: whatToDo)
    }

    static func assume(_ operation: String, input: AWSValue, client: AWSClient,
                       source: CredentialSource, whatToDo: String) async throws -> SourcedCredentials {
        let role = source.roleARN ?? "the role"
        let reply: AWSValue
        do {
            reply = try await client.call(.sts, operation, input)
        } catch let error as AWSError {
            let detail = error.code + (error.message.isEmpty ? "" : " (\(error.message))")
            throw AWSError.credentials("\(operation)Failed",
                "STS \(operation) for \(role) (\(source.location)) failed: \(detail); \(whatToDo).")
        }
        let credentials = reply["Credentials"]
        guard let keyID = credentials["AccessKeyId"].string, let secret = credentials["SecretAccessKey"].string else {
            throw AWSError.credentials("\(operation)Failed",
                "STS \(operation) for \(role) (\(source.location)) returned no credentials; try again, or check the STS endpoint.")
        }
        return SourcedCredentials(
            keys: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: credentials["SessionToken"].string),
            expiration: credentials["Expiration"].date, source: source)
    }
}
