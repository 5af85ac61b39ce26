import AWSClient
import Foundation
import TestSupport
import XCTest

/// Issue 11, defect 4: a stack watching a secret someone else made (stacks/watch-existing-secret.yaml).
final class WatchedResourceTests: LocalEndpointTestCase {
    private var stack: StackFixture!
    private var proxy: FaultProxy!

    override func setUpWithError() throws {
        stack = try StackFixture(sharedEndpoint: try localEndpoint())
        let example = LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/watch-existing-secret.yaml")
        try stack.writeStack(try String(contentsOf: example, encoding: .utf8))
        proxy = try FaultProxy.start(inFrontOf: stack.endpoint)
        stack.secmon.environment.merge(proxy.environment(from: stack.endpoint)) { _, new in new }
    }

    override func tearDown() {
        proxy?.stop()
        stack?.tearDown()
    }

    func testAWatchedSecretIsReadNeverChangedAndOutlivesDestroy() async throws {
        let plan = try stack.run(["plan", stack.stackPath], expect: 1)
        XCTAssertTrue(plan.stderr.contains("the stack watches a secret named \"PaymentsDatabasePassword\", but there is none"), plan.all)

        let created = try await stack.client.call(.secretsmanager, "CreateSecret", [
            "Name": "PaymentsDatabasePassword", "SecretString": "theirs", "Description": "made by Terraform",
        ])

        let apply = try stack.apply()
        XCTAssertTrue(apply.stdout.contains("<= secret \"payments_db\" (\"PaymentsDatabasePassword\")"), apply.all)
        let again = try stack.plan(expect: 0)
        XCTAssertTrue(again.stdout.contains("No changes."), again.all)
        try stack.run(["destroy", stack.stackPath, "--auto-approve"], expect: 0)

        let secret = try await stack.client.call(.secretsmanager, "DescribeSecret", ["SecretId": "PaymentsDatabasePassword"])
        XCTAssertEqual(secret["ARN"], created["ARN"])
        XCTAssertTrue(secret["DeletedDate"].isNull, "destroy must not delete a watched secret")
        XCTAssertEqual(secret["Description"].string, "made by Terraform")
        XCTAssertTrue(secret["Tags"].list.isEmpty, "never tagged: \(secret["Tags"])")
        let counts = try proxy.operationCounts()
        let secretCalls = counts.keys.filter { ["CreateSecret", "UpdateSecret", "PutSecretValue", "TagResource",
                                                "DeleteSecret", "GetSecretValue"].contains($0) }
        XCTAssertEqual(secretCalls, [], "secmon wrote to or read the value of a secret it only watches: \(counts)")
    }
}
