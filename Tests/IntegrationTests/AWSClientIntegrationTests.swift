import AWSClient
import ArgumentParser
import Foundation
import SecmonAWS
@testable import SecmonCLI
import TestSupport
import XCTest

/// One read operation of each service secmon uses, against a moto_server this class starts.
final class AWSClientIntegrationTests: LocalEndpointTestCase {
    /// The local endpoint's environment, with HOME pointing nowhere so ~/.aws is never read.
    private func environment(_ extra: [String: String] = [:]) throws -> [String: String] {
        let endpoint = try localEndpoint()
        return endpoint.environment.merging(["HOME": "/nonexistent-secmon-home"]) { a, _ in a }
            .merging(extra) { _, b in b }
    }

    private func client() throws -> SecmonClient {
        try AWSOptions.parse([]).makeClient(environment: try environment())
    }

    func testSTSGetCallerIdentity() async throws {
        let reply = try await client().call(.sts, "GetCallerIdentity", [:])
        XCTAssertEqual(reply["Account"].string, "123456789012")
        XCTAssertEqual(reply["Arn"].string, "arn:aws:sts::123456789012:user/moto")
    }

    func testSecretsManagerListSecrets() async throws {
        let client = try client()
        _ = try await client.call(.secretsmanager, "CreateSecret", ["Name": "secmon/integration", "SecretString": "not-read"])
        let reply = try await client.call(.secretsmanager, "ListSecrets", [:])
        XCTAssertTrue(reply["SecretList"].list.contains { $0["Name"].string == "secmon/integration" }, "\(reply)")
    }

    func testCloudTrailDescribeTrails() async throws {
        let reply = try await client().call(.cloudtrail, "DescribeTrails", [:])
        XCTAssertEqual(reply["trailList"].list.count, 0)
    }

    func testLogsDescribeLogGroups() async throws {
        let client = try client()
        _ = try await client.call(.logs, "CreateLogGroup", ["logGroupName": "/secmon/integration"])
        let reply = try await client.call(.logs, "DescribeLogGroups", ["logGroupNamePrefix": "/secmon/"])
        XCTAssertEqual(reply["logGroups"].list.compactMap { $0["logGroupName"].string }, ["/secmon/integration"])
    }

    func testCloudWatchDescribeAlarms() async throws {
        let reply = try await client().call(.cloudwatch, "DescribeAlarms", [:])
        XCTAssertEqual(reply["MetricAlarms"].list.count, 0)
    }

    func testSNSListTopics() async throws {
        let client = try client()
        _ = try await client.call(.sns, "CreateTopic", ["Name": "secmon-integration"])
        let reply = try await client.call(.sns, "ListTopics", [:])
        XCTAssertEqual(reply["Topics"].list.compactMap { $0["TopicArn"].string },
                       ["arn:aws:sns:us-east-1:123456789012:secmon-integration"])
    }

    func testS3ListBuckets() async throws {
        let client = try client()
        _ = try await client.call(.s3, "CreateBucket", ["Bucket": "secmon-integration"])
        let reply = try await client.call(.s3, "ListBuckets", [:])
        XCTAssertTrue(reply["Buckets"].list.contains { $0["Name"].string == "secmon-integration" }, "\(reply)")
    }

    func testIAMListRoles() async throws {
        let reply = try await client().call(.iam, "ListRoles", [:])
        XCTAssertNotNil(reply["Roles"].list)
        XCTAssertFalse(reply["IsTruncated"].bool ?? false)
    }

    /// The drill trigger's request is a real GetSecretValue the service rejects (no such version).
    func testDrillTriggerIsRejectedForTheRandomVersion() async throws {
        let client = try client()
        _ = try await client.call(.secretsmanager, "CreateSecret", ["Name": "secmon/drill", "SecretString": "never-read"])
        let outcome = try await client.sendUnreadableSecretRead(secretID: "secmon/drill")
        guard case .rejected(let error) = outcome else { return XCTFail("expected a rejection, got \(outcome)") }
        XCTAssertEqual(error.code, "ResourceNotFoundException")
        XCTAssertFalse("\(outcome)".contains("never-read"))
    }

    /// `secmon whoami --debug` prints the identity, and its debug lines carry no secret key,
    /// signature or session token.
    func testWhoamiDebugPrintsNoSecrets() async throws {
        let secretKey = "integration-secret-key-EXAMPLE"
        let token = "integration-session-token-EXAMPLE"
        let capture = OutputCapture()
        let command = try WhoamiCommand.parse(["--debug"])
        let status = await CommandRunner.run(command, io: capture.io(
            environment: try environment(["AWS_SECRET_ACCESS_KEY": secretKey, "AWS_SESSION_TOKEN": token])))
        XCTAssertEqual(status, .success, capture.stderr)
        let output = capture.outLines, errors = capture.errLines
        XCTAssertTrue(output.joined().contains("123456789012"), "\(output)")
        let debug = errors.joined(separator: "\n")
        XCTAssertTrue(debug.contains("aws: POST sts GetCallerIdentity"), debug)
        XCTAssertTrue(debug.contains("status=200"), debug)
        for secret in [secretKey, token, "Signature", "Authorization", "X-Amz-Security-Token"] {
            XCTAssertFalse((output + errors).joined().contains(secret), "leaked \(secret)")
        }
    }
}

/// Collects output lines from a command run in-process.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    @Sendable func append(_ line: String) { lock.withLock { lines.append(line) } }
}
