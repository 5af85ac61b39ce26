/// Sends the drill's one GetSecretValue: a request that CloudTrail records as a read of the
/// secret but that cannot return its value, because it asks for a VersionId that does not exist.
///
/// Why this sets the pipeline off: CloudTrail records failed API calls too; their records carry
/// `errorCode`/`errorMessage` (documented in AWS's "CloudTrail record contents" reference:
/// errorCode is present when the request returns an error). The record keeps
/// eventName "GetSecretValue", eventSource secretsmanager.amazonaws.com and
/// requestParameters.secretId, and the metric filter pattern does not test errorCode, so the
/// filter matches it like a successful read. The VersionId also appears in
/// requestParameters.versionId, which lets the drill find exactly its own record.
///
/// The implementation lives in AWSClient (its one sanctioned GetSecretValue); this protocol
/// keeps SecmonDoctor from ever holding a general way to call GetSecretValue.
public protocol SecretReadTrigger: Sendable {
    /// Sends the request with `versionId` (random, never an existing version) and returns once
    /// AWS has refused it. Throws when AWS answered anything but "no such version".
    func sendUnreadableRead(secretId: String, versionId: String) async throws
}
