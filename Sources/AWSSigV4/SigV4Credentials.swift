/// The key pair (and optional session token) a request is signed with.
///
/// `description` never shows the secret key or the token, so credentials can't leak through
/// string interpolation or a debugger print.
public struct SigV4Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String {
        "credentials for access key \(accessKeyID) (secret key and session token redacted)"
    }
    public var debugDescription: String { description }
}
