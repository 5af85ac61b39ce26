import Foundation

extension AWSClient.Configuration {
    /// The same configuration in `region`, signing with the credentials of `roleARN`, assumed
    /// (STS AssumeRole) with this configuration's credentials, whatever link of the chain
    /// supplied them; cached and refreshed before they expire. For a stack's `targets:`.
    public func assumingRole(_ roleARN: String, region: String, sessionName: String) -> AWSClient.Configuration {
        var endpoints = self.endpoints
        endpoints.region = region
        var configuration = self
        configuration.region = region
        configuration.endpoints = endpoints
        configuration.credentials = TargetRoleCredentials(roleARN: roleARN, sessionName: sessionName, base: self)
        return configuration
    }
}

/// A role assumed with another configuration's credentials (its region's STS endpoint).
struct TargetRoleCredentials: CredentialProvider {
    var roleARN: String
    var sessionName: String
    var base: AWSClient.Configuration
    let cache = CredentialCache()

    func sourcedCredentials() async throws -> SourcedCredentials {
        let base = self.base, roleARN = self.roleARN, sessionName = self.sessionName
        return try await cache.credentials(now: base.now()) {
            let from = try await base.credentials.sourcedCredentials()
            return try await STSRole.assume(
                "AssumeRole", input: ["RoleArn": .string(roleARN), "RoleSessionName": .string(sessionName)],
                client: AWSClient(configuration: base),
                source: CredentialSource(kind: "assume-role", location: "the stack's targets, with \(from.source)",
                                         roleARN: roleARN, sessionName: sessionName),
                whatToDo: "check that those credentials may assume it and that its trust policy allows them")
        }
    }
}
