import AWSSigV4
import Foundation

/// An access key pair with an optional session token; prints without its secrets.
public typealias AWSCredentials = SigV4Credentials

/// Where the client gets credentials from, asked before each request is signed.
public protocol CredentialProvider: Sendable {
    /// The credentials and where they came from. Throws `AWSError` of kind `.credentials` with
    /// one sentence naming the source that failed and what to do.
    func sourcedCredentials() async throws -> SourcedCredentials
}

extension CredentialProvider {
    public func credentials() async throws -> AWSCredentials { try await sourcedCredentials().keys }
}

/// Credentials with their origin (for `whoami` and `--debug`) and, when temporary, their expiry.
public struct SourcedCredentials: Sendable, Hashable {
    public var keys: AWSCredentials
    /// nil for long-lived keys.
    public var expiration: Date? = nil
    public var source: CredentialSource
}

/// Which link of the chain supplied credentials: never a key, token or signature.
public struct CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// The kind, named as `aws configure list` names it: `env`, `shared-credentials-file`,
    /// `assume-role`, `assume-role-with-web-identity`, `custom-process`, `sso`, `container-role`,
    /// `iam-role`, `static`.
    public var kind: String
    /// Where it was configured: "AWS_ACCESS_KEY_ID", "profile 'dev' in /home/u/.aws/config".
    public var location: String
    /// Assumed roles: the role ARN and the session name.
    public var roleARN: String?
    public var sessionName: String?

    public init(kind: String, location: String, roleARN: String? = nil, sessionName: String? = nil) {
        self.kind = kind
        self.location = location
        self.roleARN = roleARN
        self.sessionName = sessionName
    }

    public var description: String { "\(kind): \(location)" }
}

/// Fixed credentials (tests, or a caller that resolved them itself).
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public let source: CredentialSource
    public init(_ value: AWSCredentials, source: CredentialSource = CredentialSource(kind: "static", location: "given by the caller")) {
        self.value = value
        self.source = source
    }
    public func sourcedCredentials() async throws -> SourcedCredentials { SourcedCredentials(keys: value, source: source) }
}

extension AWSError {
    static func credentials(_ code: String, _ sentence: String) -> AWSError {
        AWSError(kind: .credentials, service: "", operation: "", code: code, message: sentence)
    }
    static func configuration(_ code: String, _ sentence: String) -> AWSError {
        AWSError(kind: .configuration, service: "", operation: "", code: code, message: sentence)
    }
}
