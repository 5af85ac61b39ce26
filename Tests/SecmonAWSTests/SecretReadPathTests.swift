import AWSClient
import Foundation
@testable import SecmonAWS
import TestSupport
import Testing

/// A SecmonClient over a scripted transport (nothing reaches a network).
private func client(_ transport: ScriptedTransport) throws -> SecmonClient {
    let overrides = try EndpointOverrides(explicit: "http://127.0.0.1:5000", environment: [:],
                                          profile: ProfileSelection(name: "default", source: .default))
    return SecmonClient(configuration: .init(
        region: "us-east-1", credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKID", secretAccessKey: "key")),
        endpoints: EndpointResolver(region: "us-east-1", overrides: overrides),
        retry: RetryPolicy(maxAttempts: 1), transport: transport))
}

private func reply(_ status: Int, _ body: String) -> ScriptedTransport.Reply {
    .response(HTTPResponse(status: status, headers: ["x-amzn-requestid": "req-\(status)"], body: Data(body.utf8)))
}

private func target(_ request: HTTPRequest?) -> String? {
    request?.headers.first { $0.name.lowercased() == "x-amz-target" }?.value
}

private let noSuchVersion = #"{"__type":"ResourceNotFoundException","message":"no such version"}"#

/// A plain call of an operation that returns secret values is refused, whatever the service or
/// spelling, and nothing is sent.
@Test func aPlainCallOfGetSecretValueIsRefusedAndNothingIsSent() async throws {
    let transport = ScriptedTransport(status: 200)
    let client = try client(transport)
    for (service, operation) in [(AWSService.secretsmanager, "GetSecretValue"), (.secretsmanager, "BatchGetSecretValue"),
                                 (.sts, "GetSecretValue"), (.secretsmanager, "getsecretvalue")] {
        let error = await #expect(throws: AWSError.self) {
            _ = try await client.call(service, operation, ["SecretId": "prod/db"])
        }
        #expect(error?.kind == .refused)
        #expect(error?.message == "secmon never reads secret values, so it does not send \(operation) requests.")
    }
    #expect(await transport.requests.isEmpty)
}

/// Other calls go through unchanged.
@Test func otherCallsAreSent() async throws {
    let transport = ScriptedTransport([reply(200, #"{"SecretList":[]}"#)])
    let reply = try await client(transport).call(.secretsmanager, "ListSecrets", [:])
    #expect(reply["SecretList"].list.isEmpty)
    #expect(target(await transport.requests.first) == "secretsmanager.ListSecrets")
}

/// The trigger's only request, through the embedded Secrets Manager model: GetSecretValue of
/// the given secret with a fresh random VersionId (64 hex digits), different every time; the
/// caller picks nothing else.
@Test func theDrillTriggerSendsOnlyARandomVersion() async throws {
    let transport = ScriptedTransport([reply(400, noSuchVersion)])
    let client = try client(transport)
    for _ in 0..<3 {
        let outcome = try await client.sendUnreadableSecretRead(secretID: "prod/db")
        guard case .rejected(let error) = outcome else {
            Issue.record("expected a rejection, got \(outcome)")
            return
        }
        #expect(error.code == "ResourceNotFoundException")
    }
    var versionIDs: Set<String> = []
    for request in await transport.requests {
        #expect(target(request) == "secretsmanager.GetSecretValue")
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
        #expect(Set(body.keys) == ["SecretId", "VersionId"])
        #expect(body["SecretId"] == "prod/db")
        let versionID = try #require(body["VersionId"])
        #expect(versionID.count == 64 && versionID.allSatisfy(\.isHexDigit))
        versionIDs.insert(versionID)
    }
    #expect(versionIDs.count == 3, "every drill read uses a new version id")
}

/// Should AWS ever answer, the secret in the reply is not returned (the outcome has no value).
@Test func theDrillTriggerDiscardsAnAnswer() async throws {
    let outcome = try await client(ScriptedTransport([reply(200, #"{"SecretString":"hunter2"}"#)]))
        .sendUnreadableSecretRead(secretID: "prod/db")
    #expect(outcome == .answeredAndDiscarded(requestID: "req-200"))
    #expect(!"\(outcome)".contains("hunter2"))
}

/// The trigger is the one path: in Sources, only SecmonAWS uses the client's reply-discarding
/// send, and an `AWSClient` is built only by SecmonClient and by the credential providers
/// (whose clients reach STS and the SSO portal); everything else holds a `SecmonClient`.
@Test func theTriggerIsTheOnePathToGetSecretValue() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")
    let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
        .filter { $0.hasSuffix(".swift") }
    #expect(files.count > 50)
    for file in files {
        let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
        if text.contains(".sendDiscardingReply(") {
            #expect(file.hasPrefix("SecmonAWS/"), "\(file) sends a reply-discarding request")
        }
        if text.contains("AWSClient(configuration:") {
            #expect(file.hasPrefix("SecmonAWS/") || file.hasPrefix("AWSClient/Credentials/"), "\(file) builds an AWSClient")
        }
    }
}
