@testable import AWSClient
import Foundation
import TestSupport
import XCTest

final class SecretReadRefusalTests: XCTestCase {
    func testGetSecretValueIsRefusedAndNothingIsSent() async {
        let fixture = ClientFixture(ScriptedTransport(status: 200))
        for (service, operation) in [(AWSService.secretsmanager, "GetSecretValue"), (.secretsmanager, "BatchGetSecretValue"),
                                     (.sts, "GetSecretValue"), (.secretsmanager, "getsecretvalue")] {
            do {
                _ = try await fixture.client.call(service, operation, ["SecretId": "prod/db"])
                XCTFail("\(operation) was not refused")
            } catch let error as AWSError {
                XCTAssertEqual(error.kind, .refused)
                XCTAssertEqual(error.message, "secmon never reads secret values, so it does not send \(operation) requests.")
            } catch { XCTFail("\(error)") }
        }
        let requestCount = await fixture.transport.requests.count
        XCTAssertEqual(requestCount, 0)
    }

    /// The drill's only request: GetSecretValue for the given secret with a fresh random
    /// VersionId (64 hex digits), different every time; the caller picks nothing else.
    func testDrillTriggerOnlySendsRandomVersionIDs() async throws {
        let fixture = ClientFixture(ScriptedTransport([reply(400, #"{"__type":"ResourceNotFoundException","message":"no such version"}"#)]))
        var versionIDs: [String] = []
        for _ in 0..<3 {
            let outcome = try await fixture.client.sendUnreadableSecretRead(secretID: "prod/db") { input in
                ClientFixture.jsonCall(.secretsmanager, "GetSecretValue", input: input)
            }
            guard case .rejected(let error) = outcome else { return XCTFail("expected a rejection, got \(outcome)") }
            XCTAssertEqual(error.code, "ResourceNotFoundException")
        }
        let requests = await fixture.transport.requests
        for request in requests {
            XCTAssertEqual(request.header("X-Amz-Target"), "secretsmanager.GetSecretValue")
            let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
            XCTAssertEqual(Set(body.keys), ["SecretId", "VersionId"])
            XCTAssertEqual(body["SecretId"], "prod/db")
            let versionID = try XCTUnwrap(body["VersionId"])
            XCTAssertEqual(versionID.count, 64)
            XCTAssertTrue(versionID.allSatisfy(\.isHexDigit))
            versionIDs.append(versionID)
        }
        XCTAssertEqual(versionIDs.count, 3)
        XCTAssertEqual(Set(versionIDs).count, 3, "every drill read uses a new version id")
    }

    /// Should AWS ever answer, the secret in the reply is not returned (the outcome has no value).
    func testDrillTriggerDiscardsAnAnswer() async throws {
        let fixture = ClientFixture(ScriptedTransport([reply(200, #"{"SecretString":"hunter2"}"#)]))
        let outcome = try await fixture.client.sendUnreadableSecretRead(secretID: "prod/db") { input in
            ClientFixture.jsonCall(.secretsmanager, "GetSecretValue", input: input)
        }
        XCTAssertEqual(outcome, .answeredAndDiscarded(requestID: "req-200"))
        XCTAssertFalse("\(outcome)".contains("hunter2"))
    }

    /// The public entry point, through the embedded Secrets Manager model and JSON 1.1.
    func testPublicDrillTriggerSendsOnlyARandomVersionThroughTheModel() async throws {
        let fixture = ClientFixture(ScriptedTransport([reply(400, #"{"__type":"ResourceNotFoundException","message":"no version"}"#)]))
        let first = try await fixture.client.sendUnreadableSecretRead(secretID: "prod/db")
        let second = try await fixture.client.sendUnreadableSecretRead(secretID: "prod/db")
        for outcome in [first, second] {
            guard case .rejected(let error) = outcome else { return XCTFail("expected a rejection, got \(outcome)") }
            XCTAssertEqual(error.code, "ResourceNotFoundException")
        }
        let requests = await fixture.transport.requests
        XCTAssertEqual(requests.count, 2)
        var versionIDs: Set<String> = []
        for request in requests {
            XCTAssertEqual(request.header("X-Amz-Target"), "secretsmanager.GetSecretValue")
            let body = try XCTUnwrap(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
            XCTAssertEqual(Set(body.keys), ["SecretId", "VersionId"])
            versionIDs.insert(try XCTUnwrap(body["VersionId"]))
        }
        XCTAssertEqual(versionIDs.count, 2)
    }
}
