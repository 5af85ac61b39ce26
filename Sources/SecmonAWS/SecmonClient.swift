import AWSClient

/// The client secmon calls AWS through: `AWSClient` (which knows the wire and has no policy)
/// with secmon's own policy in front of it. Every command builds one (`AWSOptions.makeClient`);
/// nothing else in Sources builds an `AWSClient` but the credential providers, whose clients
/// only reach STS and the SSO portal (`SecretReadPathTests` checks both).
///
/// The policy: secmon never reads a secret value, so operations that return one are refused
/// before anything is looked up, encoded or sent (`SecretReadRefusal`); the drill's unreadable
/// read (`sendUnreadableSecretRead`, DrillTrigger.swift) is the one GetSecretValue it sends.
public struct SecmonClient: AWSCalling {
    let wire: AWSClient

    public init(configuration: AWSClient.Configuration) {
        wire = AWSClient(configuration: configuration)
    }

    public var region: String { wire.region }
    public var configuration: AWSClient.Configuration { wire.configuration }

    public func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        try SecretReadRefusal.check(service, operation)
        return try await wire.call(service, operation, input)
    }
}
