import AWSSigV4

/// An access key pair with an optional session token; prints without its secrets.
public typealias AWSCredentials = SigV4Credentials

/// Where the client gets credentials from, asked before each request is signed.
public protocol CredentialProvider: Sendable {
    /// Throws `AWSError` of kind `.credentials` with a sentence saying what to set when there
    /// are none, or when the ones found are incomplete.
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials (tests, or a caller that resolved them itself).
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() async throws -> AWSCredentials { value }
}

extension AWSError {
    static func credentials(_ code: String, _ sentence: String) -> AWSError {
        AWSError(kind: .credentials, service: "", operation: "", code: code, message: sentence)
    }
    static func configuration(_ code: String, _ sentence: String) -> AWSError {
        AWSError(kind: .configuration, service: "", operation: "", code: code, message: sentence)
    }
}
