import AWSClient
import SecmonAWS

/// Sends the drill's one GetSecretValue: a request that CloudTrail records as a read of the
/// secret but that cannot return its value, because it asks for a random VersionId that does
/// not exist (SecmonClient's `sendUnreadableSecretRead`, secmon's one GetSecretValue).
///
/// Why this sets the pipeline off: CloudTrail records failed API calls too; their records carry
/// `errorCode`/`errorMessage` (AWS's "CloudTrail record contents" reference: errorCode is the
/// service error, present when the request returns an error). The record keeps
/// eventName "GetSecretValue", eventSource secretsmanager.amazonaws.com and
/// requestParameters.secretId, and secmon's metric filter pattern does not test errorCode, so
/// the filter matches it like a successful read. The record's `requestID` is the request ID of
/// the refused call, which lets the drill find exactly its own record in the log group.
public protocol SecretReadTrigger: Sendable {
    /// Sends the unreadable read; returns the request ID AWS gave it, when it gave one.
    func sendUnreadableRead(secretId: String) async throws -> String?
}

/// The trigger over the real client.
public struct ClientSecretReadTrigger: SecretReadTrigger {
    let client: SecmonClient

    public init(client: SecmonClient) {
        self.client = client
    }

    public func sendUnreadableRead(secretId: String) async throws -> String? {
        switch try await client.sendUnreadableSecretRead(secretID: secretId) {
        case .rejected(let error) where error.code == "ResourceNotFoundException":
            return error.requestID
        case .rejected(let error):
            // Refused for another reason (access denied, secret gone): CloudTrail still records
            // the call, but it says something about the secret the user should see.
            throw DrillError("the drill's GetSecretValue was refused with \(error.code), not \"no such version\": \(error)")
        case .answeredAndDiscarded(let requestID):
            return requestID
        }
    }
}
