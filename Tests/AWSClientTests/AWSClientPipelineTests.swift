@testable import AWSClient
import Foundation
import TestSupport
import XCTest

final class AWSClientPipelineTests: XCTestCase {
    func testRetriesTransientFailuresWithBackoffThenSucceeds() async throws {
        let fixture = ClientFixture(ScriptedTransport([
            reply(503, #"{"__type":"ServiceUnavailable"}"#), .failure(.connectionReset), reply(200, #"{"ok":true}"#),
        ]))
        let response = try await fixture.client.send(ClientFixture.jsonCall())
        XCTAssertEqual(response.status, 200)
        let requestCount = await fixture.transport.requests.count
        XCTAssertEqual(requestCount, 3)
        let sleeps = await fixture.sleeps.items
        XCTAssertEqual(sleeps, [.milliseconds(500), .seconds(1)])  // random 0.5 * 1 s, 0.5 * 2 s
    }

    func testThrottlingIsRetriedUpToMaxAttemptsThenReported() async {
        let fixture = ClientFixture(ScriptedTransport([reply(400, #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)]))
        do {
            _ = try await fixture.client.send(ClientFixture.jsonCall())
            XCTFail("expected an error")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "ThrottlingException")
            XCTAssertEqual(error.requestID, "req-400")
        } catch { XCTFail("\(error)") }
        let requestCount = await fixture.transport.requests.count
        XCTAssertEqual(requestCount, 3)
    }

    func testValidationErrorsAreNeverRetried() async {
        let fixture = ClientFixture(ScriptedTransport([reply(400, #"{"__type":"ValidationException","message":"bad"}"#)]))
        do {
            _ = try await fixture.client.send(ClientFixture.jsonCall())
            XCTFail("expected an error")
        } catch let error as AWSError {
            XCTAssertEqual(error.kind, .service)
            XCTAssertEqual(error.code, "ValidationException")
            XCTAssertEqual(error.status, 400)
        } catch { XCTFail("\(error)") }
        let requestCount = await fixture.transport.requests.count
        XCTAssertEqual(requestCount, 1)
        let sleeps = await fixture.sleeps.items
        XCTAssertTrue(sleeps.isEmpty)
    }

    func testConnectionRefusedBecomesAReadableTransportError() async {
        let fixture = ClientFixture(ScriptedTransport([.failure(.connectionRefused)]), endpoint: "http://127.0.0.1:1234")
        do {
            _ = try await fixture.client.send(ClientFixture.jsonCall())
            XCTFail("expected an error")
        } catch let error as AWSError {
            XCTAssertEqual(error.kind, .transport)
            XCTAssertEqual(error.description,
                           "logs DescribeLogGroups failed: ConnectionRefused: could not connect to http://127.0.0.1:1234 (connection refused)")
        } catch { XCTFail("\(error)") }
    }

    func testEncodingErrorsSendNothing() async {
        let fixture = ClientFixture(ScriptedTransport(status: 200))
        var call = ClientFixture.jsonCall()
        call.encode = {
            throw AWSError(kind: .validation, service: "logs", operation: "DescribeLogGroups", code: "InvalidParameter",
                           message: "limit must be at most 50")
        }
        do {
            _ = try await fixture.client.send(call)
            XCTFail("expected an error")
        } catch let error as AWSError {
            XCTAssertEqual(error.kind, .validation)
        } catch { XCTFail("\(error)") }
        let requestCount = await fixture.transport.requests.count
        XCTAssertEqual(requestCount, 0)
    }

    func testRequestIsSignedForSigningNameAndRegionWithToken() async throws {
        let fixture = ClientFixture(ScriptedTransport(status: 200), region: "eu-west-1")
        _ = try await fixture.client.send(ClientFixture.jsonCall(.cloudwatch, "DescribeAlarms", signingName: "monitoring"))
        let first = await fixture.transport.requests.first
        let request = try XCTUnwrap(first)
        XCTAssertEqual(request.url.absoluteString, "http://127.0.0.1:5000/")
        XCTAssertEqual(request.header("Host"), "127.0.0.1:5000")
        XCTAssertEqual(request.header("X-Amz-Security-Token"), ClientFixture.sessionToken)
        XCTAssertEqual(request.header("X-Amz-Date"), "20150830T123600Z")
        let authorization = try XCTUnwrap(request.header("Authorization"))
        XCTAssertTrue(authorization.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/monitoring/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="), authorization)
        XCTAssertEqual(request.header("User-Agent"), "secmon", "sent, and left out of the signature")
    }

    func testIAMIsSignedForUsEast1AtItsGlobalEndpoint() async throws {
        let fixture = ClientFixture(ScriptedTransport(status: 200), region: "eu-west-1", endpoint: nil)
        _ = try await fixture.client.send(ClientFixture.jsonCall(.iam, "ListRoles"))
        let first = await fixture.transport.requests.first
        let request = try XCTUnwrap(first)
        XCTAssertEqual(request.url.host, "iam.amazonaws.com")
        XCTAssertTrue(request.header("Authorization")?.contains("/us-east-1/iam/aws4_request") == true)
    }

    func testS3SignsThePayloadHash() async throws {
        let fixture = ClientFixture(ScriptedTransport(status: 200))
        _ = try await fixture.client.send(ClientFixture.jsonCall(.s3, "ListBuckets"))
        let first = await fixture.transport.requests.first
        let request = try XCTUnwrap(first)
        XCTAssertNotNil(request.header("x-amz-content-sha256"))
        XCTAssertTrue(request.header("Authorization")?.contains("x-amz-content-sha256") == true)
    }

    func testMissingCredentialsStopBeforeSending() async {
        let transport = ScriptedTransport(status: 200)
        let provider = DefaultCredentialProvider(environment: [:], profile: ProfileSelection(name: "default", source: .default),
                                                 files: FakeFiles.make())
        let client = AWSClient(configuration: .init(region: "us-east-1", credentials: provider, transport: transport))
        do {
            _ = try await client.send(ClientFixture.jsonCall(.sts, "GetCallerIdentity"))
            XCTFail("expected an error")
        } catch let error as AWSError {
            XCTAssertEqual(error.kind, .credentials)
            XCTAssertTrue(error.description.hasPrefix("No AWS credentials found: set AWS_ACCESS_KEY_ID"), error.description)
        } catch { XCTFail("\(error)") }
        let requestCount = await transport.requests.count
        XCTAssertEqual(requestCount, 0)
    }

    /// `--debug` lines say where each attempt went and how it ended, and nothing secret.
    func testDebugLogHasRequestFactsButNoSecrets() async throws {
        let fixture = ClientFixture(ScriptedTransport([reply(500, #"{"__type":"InternalFailure"}"#), reply(200)]))
        let secretValue = "hunter2-the-secret-value"
        _ = try await fixture.client.send(ClientFixture.jsonCall(.secretsmanager, "PutSecretValue",
                                                                 input: ["SecretId": "s", "SecretString": .string(secretValue)]))
        let lines = fixture.logLines.items
        XCTAssertEqual(lines.count, 2)
        let log = lines.joined(separator: "\n")
        for fact in ["POST", "secretsmanager", "PutSecretValue", "host=127.0.0.1:5000", "status=500", "status=200",
                     "attempt=1/3", "attempt=2/3", "request-id=req-200", "ms"] {
            XCTAssertTrue(log.contains(fact), "missing \(fact) in \(log)")
        }
        let last = await fixture.transport.requests.last
        let sent = try XCTUnwrap(last)
        let signature = try XCTUnwrap(sent.header("Authorization")?.components(separatedBy: "Signature=").last)
        for secret in [ClientFixture.secretKey, ClientFixture.sessionToken, signature, secretValue, "Authorization"] {
            XCTAssertFalse(log.contains(secret), "debug log leaks \(secret)")
        }
    }
}
