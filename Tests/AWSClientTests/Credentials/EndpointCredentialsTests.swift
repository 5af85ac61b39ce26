@testable import AWSClient
import Foundation
import TestSupport
import Testing

/// The container endpoint (ECS) and the instance metadata service (IMDSv2), as loopback fakes.
@Suite struct EndpointCredentialsTests {
    static let credentialsJSON = #"""
    {"AccessKeyId": "ASIAENDPOINT", "SecretAccessKey": "ENDPOINTSECRET", "Token": "ENDPOINTTOKEN",
     "Expiration": "2030-01-01T00:00:00Z", "RoleArn": "arn:aws:iam::123456789012:role/task", "Code": "Success"}
    """#

    @Test func containerCredentialsWithTheTokenFromItsFile() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let agent = try LoopbackHTTPServer { request in
            request.headers["authorization"] == "file-token" && request.target == "/v2/credentials/abc"
                ? .init(200, Self.credentialsJSON) : .init(401, "no")
        }
        defer { agent.stop() }
        let tokenFile = try home.write("agent-token", "file-token\n")
        let found = try await home.resolve([
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.url.absoluteString + "/v2/credentials/abc",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
        ])
        #expect(found.keys == AWSCredentials(accessKeyID: "ASIAENDPOINT", secretAccessKey: "ENDPOINTSECRET", sessionToken: "ENDPOINTTOKEN"))
        #expect(found.source.kind == "container-role")
        #expect(found.source.roleARN == "arn:aws:iam::123456789012:role/task")
    }

    @Test func containerEndpointRefusingGivesItsSentence() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let agent = try LoopbackHTTPServer { _ in .init(401, "no") }
        defer { agent.stop() }
        let message = await credentialsError {
            try await home.resolve(["AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.url.absoluteString + "/creds",
                                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong"])
        }
        #expect(message == "The container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) answered HTTP 401: check the role and the authorization token.")
    }

    @Test func containerFullURIMustBeLoopbackOrHTTPS() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let message = await credentialsError { try await home.resolve(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"]) }
        #expect(message.hasPrefix("AWS_CONTAINER_CREDENTIALS_FULL_URI is 'http://example.com/creds', which is not https"))
    }

    /// Instance metadata switched on, with a timeout for a loaded test machine: secmon's default
    /// (one second per request, as in the SDKs) is for a laptop that is not on EC2, and three
    /// requests to a loopback fake under a parallel build can take longer than that.
    static func metadataOn(_ extra: [String: String] = [:]) -> [String: String] {
        ["AWS_EC2_METADATA_DISABLED": "", "AWS_METADATA_SERVICE_TIMEOUT": "60"].merging(extra) { _, new in new }
    }

    /// A fake IMDSv2: metadata only with a token from PUT /latest/api/token.
    static func instanceMetadata() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            if request.method == "PUT", request.target == "/latest/api/token" {
                return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] != nil ? .init(200, "imds-token") : .init(400)
            }
            guard request.method == "GET", request.headers["x-aws-ec2-metadata-token"] == "imds-token" else { return .init(401) }
            switch request.target {
            case "/latest/meta-data/iam/security-credentials/": return .init(200, "web-role\n")
            case "/latest/meta-data/iam/security-credentials/web-role": return .init(200, Self.credentialsJSON)
            default: return .init(404)
            }
        }
    }

    @Test func instanceRoleThroughIMDSv2() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let imds = try Self.instanceMetadata()
        defer { imds.stop() }
        let found = try await home.resolve(Self.metadataOn(["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url.absoluteString]))
        #expect(found.keys.accessKeyID == "ASIAENDPOINT")
        #expect(found.source == CredentialSource(kind: "iam-role", location: "EC2 instance role 'web-role'"))
        #expect(imds.requests.map { "\($0.method) \($0.target)" } == [
            "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/web-role",
        ])
    }

    @Test func metadataEndpointFromTheSelectedProfile() async throws {
        let imds = try Self.instanceMetadata()
        defer { imds.stop() }
        let home = try CredentialTestHome(config: "[profile ec2]\nec2_metadata_service_endpoint = \(imds.url.absoluteString)\n")
        defer { home.cleanUp() }
        let found = try await home.resolve(Self.metadataOn(), profile: "ec2")
        #expect(found.source == CredentialSource(kind: "iam-role", location: "EC2 instance role 'web-role'"))
        #expect(found.keys.accessKeyID == "ASIAENDPOINT")
        // The profile's endpoint was the one asked (not the default 169.254.169.254).
        #expect(imds.requests.map { "\($0.method) \($0.target)" } == [
            "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/web-role",
        ])
    }

    @Test func metadataDisabledIsNotAsked() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let imds = try Self.instanceMetadata()
        defer { imds.stop() }
        _ = await credentialsError {
            try await home.resolve(["AWS_EC2_METADATA_DISABLED": "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url.absoluteString])
        }
        #expect(imds.requests.isEmpty)
    }

    @Test func unreachableMetadataMeansNoInstanceRoleWithoutWaitingLong() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let closed = try LoopbackHTTPServer { _ in .init(200) }
        let url = closed.url.absoluteString
        closed.stop()  // nothing listens there any more: connection refused
        let message = await credentialsError {
            try await home.resolve(["AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": url])
        }
        #expect(message.hasPrefix("No AWS credentials found"))
    }

    @Test func credentialSourceEc2InstanceMetadataSignsTheRoleCall() async throws {
        let home = try CredentialTestHome(config: """
        [profile on-ec2]
        role_arn = arn:aws:iam::123456789012:role/deployer
        credential_source = Ec2InstanceMetadata
        """)
        defer { home.cleanUp() }
        let imds = try Self.instanceMetadata()
        defer { imds.stop() }
        let found = try await home.resolve(Self.metadataOn(["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.url.absoluteString]),
                                           profile: "on-ec2")
        #expect(found.keys.accessKeyID == "KEY-AssumeRole-1")
        #expect(home.stsSigners == ["ASIAENDPOINT"])
    }
}
