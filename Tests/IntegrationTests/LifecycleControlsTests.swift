import AWSClient
import Foundation
import TestSupport
import XCTest

/// Issue 11, lifecycle controls: `retain` keeps a resource removed from the stack or destroyed
/// (released: its secmon tags removed), `protect` refuses any plan that would delete or replace
/// it, before anything is written. One small stack, through the real binary.
final class LifecycleControlsTests: LocalEndpointTestCase {
    private var stack: StackFixture!
    private var proxy: FaultProxy!

    private static let stackText = """
    stack: keep-test
    resources:
      kept_secret:
        type: secret
        name: KeptSecret
        value:
          from_env: TOP_SECRET_INFO
        value_version: 1
        lifecycle:
          retain: true

      audit_logs:
        type: log_group
        name: /secmon/keep-test/audit
        retention_days: 30
        lifecycle:
          protect: true

      alerts:
        type: topic
        name: KeepTestAlarms

    """

    // The proxy is started here, on the main thread (see WatchedResourceTests).
    override func setUpWithError() throws {
        stack = try StackFixture(sharedEndpoint: try localEndpoint())
        try stack.writeStack(Self.stackText)
        proxy = try FaultProxy.start(inFrontOf: stack.endpoint)
        stack.secmon.environment.merge(proxy.environment(from: stack.endpoint)) { _, new in new }
    }

    override func tearDown() {
        proxy?.stop()
        stack?.tearDown()
    }

    /// Calls that change the account, by operation, since `before`.
    private func writes(since before: [String: Int]) throws -> [String: Int] {
        let reads = ["Describe", "List", "Get"]
        var out: [String: Int] = [:]
        for (operation, count) in try proxy.operationCounts() where !reads.contains(where: operation.hasPrefix) {
            let added = count - (before[operation] ?? 0)
            if added > 0 { out[operation] = added }
        }
        return out
    }

    private func secretTags() async throws -> [String: String] {
        let secret = try await stack.client.call(.secretsmanager, "DescribeSecret", ["SecretId": "KeptSecret"])
        XCTAssertTrue(secret["DeletedDate"].isNull, "the retained secret was scheduled for deletion")
        var tags: [String: String] = [:]
        for tag in secret["Tags"].list { if let key = tag["Key"].string { tags[key] = tag["Value"].string ?? "" } }
        return tags
    }

    private func logGroupTags() async throws -> [String: String]? {
        let groups = try await stack.client.call(.logs, "DescribeLogGroups", ["logGroupNamePrefix": "/secmon/keep-test/audit"])
        guard let arn = groups["logGroups"].list.first?["arn"].string else { return nil }
        let reply = try await stack.client.call(.logs, "ListTagsForResource", ["resourceArn": .string(arn.hasSuffix(":*") ? String(arn.dropLast(2)) : arn)])
        return reply["tags"].map.compactMapValues(\.string)
    }

    func testARetainedResourceRemovedFromTheStackIsReleasedNotDeleted() async throws {
        try stack.apply()
        let applied = try await secretTags()
        XCTAssertEqual(applied["secmon:retain"], "true", "apply records retain on the secret: \(applied)")
        XCTAssertEqual(applied["secmon:stack"], "keep-test")

        try stack.editStack(replacing: "  kept_secret:\n    type: secret\n    name: KeptSecret\n    value:\n"
                                + "      from_env: TOP_SECRET_INFO\n    value_version: 1\n    lifecycle:\n"
                                + "      retain: true\n\n", with: "")
        let plan = try stack.plan(expect: 2).stdout
        XCTAssertTrue(plan.contains("kept_secret (secret \"KeptSecret\") will be released: it is no longer in the stack"), plan)
        XCTAssertTrue(plan.contains("Plan: 0 to add, 0 to change, 0 to destroy, 1 to release."), plan)
        let json = try stack.run(["plan", stack.stackPath, "--format", "json"], expect: 0).stdout
        XCTAssertTrue(json.contains("\"forget\""), json)

        let apply = try stack.apply().stdout
        XCTAssertTrue(apply.contains("kept_secret: released secret \"KeptSecret\""), apply)
        XCTAssertTrue(apply.contains("Apply complete! Resources: 0 added, 0 changed, 0 destroyed, 1 released."), apply)
        let released = try await secretTags()
        XCTAssertEqual(released.keys.filter { $0.hasPrefix("secmon:") }, [], "released: no secmon tag left: \(released)")
        try stack.plan(expect: 0)
    }

    func testDestroyReleasesARetainedResourceAndAFreshStackDoesNotClaimIt() async throws {
        // Protection is another test's business: here only the secret is kept.
        try stack.editStack(replacing: "    lifecycle:\n      protect: true\n", with: "")
        try stack.apply()
        let destroy = try stack.run(["destroy", stack.stackPath, "--auto-approve"], expect: 0).stdout
        XCTAssertTrue(destroy.contains("kept_secret (secret \"KeptSecret\") will be released"), destroy)
        XCTAssertTrue(destroy.contains("Destroy complete! Resources: 2 destroyed, 1 released."), destroy)
        let tags = try await secretTags()
        XCTAssertEqual(tags.keys.filter { $0.hasPrefix("secmon:") }, [], "\(tags)")
        let gone = try await logGroupTags()
        XCTAssertNil(gone, "the log group was not retained")

        // The stack does not own it any more: planning it again finds a secret nobody owns.
        let again = try stack.plan(expect: 1)
        XCTAssertTrue(again.stderr.contains("a secret named \"KeptSecret\" already exists and no stack owns it"), again.all)
        // And a stack that never declared it does not see it at all.
        try stack.writeStack("stack: keep-test\nresources:\n  alerts:\n    type: topic\n    name: KeepTestAlarms\n")
        let fresh = try stack.plan(expect: 2).stdout
        XCTAssertFalse(fresh.contains("KeptSecret"), fresh)
        XCTAssertTrue(fresh.contains("Plan: 1 to add, 0 to change, 0 to destroy."), fresh)
    }

    func testProtectRefusesDestroyWithNothingWritten() async throws {
        try stack.apply()
        let before = try proxy.operationCounts()
        let destroy = try stack.run(["destroy", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertTrue(destroy.stderr.contains("audit_logs (\(stack.stackPath):16:5): log_group \"/secmon/keep-test/audit\" "
                                              + "is protected (lifecycle: protect: true), and this plan would destroy it"), destroy.all)
        XCTAssertTrue(destroy.stderr.contains("first remove protect: true from the stack and apply, then destroy"), destroy.all)
        XCTAssertEqual(try writes(since: before), [:], "a refused destroy wrote to the account")
        let tags = try await logGroupTags()
        XCTAssertEqual(tags?["secmon:protect"], "true")
        try stack.plan(expect: 0)

        // Lifting the protection is an apply of its own; then destroy goes through.
        try stack.editStack(replacing: "    lifecycle:\n      protect: true\n", with: "")
        let lift = try stack.plan(expect: 2).stdout
        XCTAssertTrue(lift.contains("- tags.secmon:protect = \"true\" -> null"), lift)
        try stack.apply()
        try stack.run(["destroy", stack.stackPath, "--auto-approve"], expect: 0)
        let gone = try await logGroupTags()
        XCTAssertNil(gone)
    }

    func testProtectRefusesAReplacingChangeWithNothingWritten() async throws {
        try stack.apply()
        let before = try proxy.operationCounts()
        try stack.editStack(replacing: "name: /secmon/keep-test/audit\n", with: "name: /secmon/keep-test/audit-v2\n")
        let plan = try stack.plan(expect: 1)
        XCTAssertTrue(plan.stderr.contains("and this plan would replace it (destroy it and create a new one)"), plan.all)
        XCTAssertTrue(plan.stderr.contains("\(stack.stackPath):16:5"), plan.all)
        let apply = try stack.run(["apply", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertTrue(apply.stderr.contains("is protected (lifecycle: protect: true)"), apply.all)
        XCTAssertEqual(try writes(since: before), [:], "a refused replacement wrote to the account")
        let tags = try await logGroupTags()
        XCTAssertEqual(tags?["secmon:stack"], "keep-test", "the protected log group is untouched")
    }
}
