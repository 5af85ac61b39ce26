@testable import AWSClient
import Foundation
import TestSupport
import Testing

/// rest-json (the SSO portal) and unsigned operations (botocore `authtype: none`).
@Suite struct RestJSONProtocolTests {
    @Test func getRoleCredentialsBindsQueryAndHeader() throws {
        let request = try encode(.sso, "GetRoleCredentials",
                                 ["roleName": "Audit", "accountId": "123456789012", "accessToken": "tok"])
        #expect(request.method == "GET")
        #expect(request.path == "/federation/credentials")
        #expect(request.query == [URLQueryItem(name: "role_name", value: "Audit"), URLQueryItem(name: "account_id", value: "123456789012")])
        #expect(request.headers.contains(HTTPHeader("x-amz-sso_bearer_token", "tok")))
        #expect(request.body.isEmpty)
    }

    @Test func repliesAndErrorsAreJSON() throws {
        let reply = try decode(.sso, "GetRoleCredentials", body: #"{"roleCredentials":{"accessKeyId":"A","expiration":5}}"#)
        #expect(reply["roleCredentials"]["accessKeyId"].string == "A")
        #expect(reply["roleCredentials"]["expiration"].int == 5)
        let error = try decodeError(.sso, "GetRoleCredentials", status: 401, headers: ["x-amzn-errortype": "UnauthorizedException"],
                                    body: #"{"message":"expired"}"#)
        #expect(error.code == "UnauthorizedException")
        #expect(error.message == "expired")
    }

    /// AssumeRoleWithWebIdentity is how a caller without AWS credentials gets some: it is sent
    /// unsigned and the client never asks its credential provider.
    @Test func unsignedOperationsNeedNoCredentials() async throws {
        let transport = ScriptedTransport(status: 200, body: "<AssumeRoleWithWebIdentityResponse/>")
        let client = AWSClient(configuration: .init(region: "us-east-1", credentials: RefusingProvider(), transport: transport))
        _ = try await client.call(.sts, "AssumeRoleWithWebIdentity",
                                  ["RoleArn": "arn:aws:iam::123456789012:role/gha", "RoleSessionName": "session", "WebIdentityToken": "token"])
        let sent = try #require(await transport.requests.first)
        #expect(!sent.headers.contains { $0.name.lowercased() == "authorization" })
        await #expect(throws: AWSError.self) { try await client.call(.sts, "GetCallerIdentity", [:]) }
    }
}

private struct RefusingProvider: CredentialProvider {
    func sourcedCredentials() async throws -> SourcedCredentials {
        throw AWSError(kind: .credentials, service: "", operation: "", code: "None", message: "no credentials here")
    }
}
