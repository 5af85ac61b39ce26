import AWSClient
import Foundation
import TestSupport
import XCTest

/// Issue 11, defect 3: one stack applied in two regions of one account. Its regional resources
/// are each region's own; its global ones (the IAM role; the bucket, whose name is global) are
/// named per region, or the second region is refused before any write. Through the real
/// binary; a counting proxy proves what was (not) sent.
final class RegionsTests: LocalEndpointTestCase {
    private var stack: StackFixture!
    private var proxy: FaultProxy?

    override func setUpWithError() throws {
        stack = try StackFixture(sharedEndpoint: try localEndpoint())
    }

    override func tearDown() {
        proxy?.stop()
        stack?.tearDown()
    }

    /// The example stack with its role and bucket named per region.
    private func namePerRegion() throws {
        try stack.editStack(replacing: "name: ${stack.name}-trail-${aws.account_id}",
                            with: "name: ${stack.name}-trail-${aws.account_id}-${aws.region}")
        try stack.editStack(replacing: "name: ${stack.name}-cloudtrail-logs",
                            with: "name: ${stack.name}-cloudtrail-logs-${aws.region}")
    }

    private func roleNames() async throws -> [String] {
        try await stack.client.allPages(.iam, "ListRoles", [:], items: "Roles").compactMap { $0["RoleName"].string }.sorted()
    }

    private func bucketNames() async throws -> [String] {
        try await stack.client.allPages(.s3, "ListBuckets", [:], items: "Buckets").compactMap { $0["Name"].string }.sorted()
    }

    func testAStackNamingItsGlobalResourcesPerRegionRunsInTwoRegionsSideBySide() async throws {
        try namePerRegion()
        try stack.apply()
        try stack.apply(["--region", "us-west-2"])
        for region in ["us-east-1", "us-west-2"] {
            let plan = try stack.plan(["--region", region], expect: 0)
            XCTAssertTrue(plan.stdout.contains("No changes."), "\(region): \(plan.all)")
        }
        let roles = try await roleNames()
        XCTAssertEqual(roles, ["secret-access-alarm-cloudtrail-logs-us-east-1", "secret-access-alarm-cloudtrail-logs-us-west-2"])

        let destroy = try stack.run(["plan", stack.stackPath, "--destroy", "--region", "us-west-2"], expect: 0)
        XCTAssertFalse(destroy.stdout.contains("us-east-1"), "us-west-2's destroy touches nothing of us-east-1's: \(destroy.all)")
        try stack.run(["destroy", stack.stackPath, "--auto-approve", "--region", "us-west-2"], expect: 0)

        let rolesLeft = try await roleNames(), bucketsLeft = try await bucketNames()
        XCTAssertEqual(rolesLeft, ["secret-access-alarm-cloudtrail-logs-us-east-1"])
        XCTAssertEqual(bucketsLeft, ["secret-access-alarm-trail-123456789012-us-east-1"])
        let east = try stack.plan(["--region", "us-east-1"], expect: 0)
        XCTAssertTrue(east.stdout.contains("No changes."), "us-east-1 is intact: \(east.all)")
        let west = try stack.plan(["--region", "us-west-2"], expect: 2)
        // Everything again, but the secret: its deletion is only scheduled, and the plan restores it.
        XCTAssertTrue(west.stdout.contains("to add, 1 to change, 0 to destroy."), west.all)
    }

    func testTheSameGlobalNamesInASecondRegionAreRefusedBeforeAnyWrite() throws {
        try stack.apply()
        let started = try FaultProxy.start(inFrontOf: stack.endpoint)
        proxy = started
        stack.secmon.environment.merge(started.environment(from: stack.endpoint)) { _, new in new }

        for command in [["plan", stack.stackPath], ["apply", stack.stackPath, "--auto-approve"]] {
            let run = try stack.run(command + ["--region", "us-west-2"], expect: 1)
            XCTAssertTrue(run.stderr.contains(
                "): a role named \"secret-access-alarm-cloudtrail-logs\" already exists and belongs to "
                + "this stack (secret-access-alarm) in region us-east-1; role names are global, so one region's apply would undo "
                + "the other's. Name it per region, e.g. `name: ${stack.name}-cloudtrail-logs-${aws.region}`, or set "
                + "`shared_across_regions: true` on it to share one role between regions on purpose."), run.all)
            XCTAssertTrue(run.stderr.contains(
                "): a bucket named \"secret-access-alarm-trail-123456789012\" already exists and "
                + "belongs to this stack (secret-access-alarm) in region us-east-1; bucket names are global"), run.all)
            XCTAssertTrue(run.stderr.contains("e.g. `name: ${stack.name}-trail-${aws.account_id}-${aws.region}`"), run.all)
        }
        let readPrefixes = ["Describe", "List", "Get", "Head", "s3:GET ", "s3:HEAD "]
        let writes = try started.operationCounts().keys.filter { op in !readPrefixes.contains { op.hasPrefix($0) } }
        XCTAssertEqual(writes.sorted(), [], "not one write request may reach the account")

        let east = try stack.plan(["--region", "us-east-1"], expect: 0)
        XCTAssertTrue(east.stdout.contains("No changes."), east.all)
    }

    /// A stack with `targets:`: two accounts (the local endpoint gives AssumeRole's keys the
    /// role's account and keeps each account's resources apart), one of them in two regions.
    func testAStackWithTwoTargetsIsPlannedAppliedAndDestroyedInEveryTarget() async throws {
        try namePerRegion()
        try stack.editStack(replacing: "tags:\n  team: security", with: """
            targets:
              - account: arn:aws:iam::111111111111:role/secmon-deploy
                regions: [us-east-1]
              - account: arn:aws:iam::222222222222:role/secmon-deploy
                regions: [us-east-1, us-west-2]
            tags:
              team: security
            """)
        let apply = try stack.apply()
        for target in ["account 111111111111, region us-east-1", "account 222222222222, region us-east-1",
                       "account 222222222222, region us-west-2"] {
            XCTAssertTrue(apply.stdout.contains("=== Target: \(target) ==="), apply.all)
        }
        XCTAssertTrue(apply.stdout.contains("3 targets, 3 with changes. Plan: "), apply.all)
        XCTAssertTrue(apply.stdout.contains("[account 222222222222, region us-west-2] "), "progress names its target: \(apply.all)")

        let plan = try stack.plan(expect: 0)
        XCTAssertEqual(plan.stdout.components(separatedBy: "No changes. Your account matches the stack.").count, 4, plan.all)
        XCTAssertTrue(plan.stdout.contains("3 targets, 0 with changes."), plan.all)
        let json = try stack.run(["plan", stack.stackPath, "--format", "json"], expect: 0)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let targets = try XCTUnwrap(document["targets"] as? [[String: Any]])
        XCTAssertEqual(targets.map { "\($0["account_id"] ?? "") \($0["region"] ?? "")" },
                       ["111111111111 us-east-1", "222222222222 us-east-1", "222222222222 us-west-2"])

        let own = try await stack.client.call(.sns, "ListTopics", [:])
        XCTAssertEqual(own["Topics"].list.count, 0, "nothing lands in the caller's own account: \(own)")
        let west = try stack.plan(["--region", "us-west-2"], expect: 0)
        XCTAssertFalse(west.stdout.contains("111111111111"), "--region narrows the targets: \(west.all)")

        try stack.run(["destroy", stack.stackPath, "--auto-approve"], expect: 0)
        let after = try stack.run(["plan", stack.stackPath, "--destroy"], expect: 0)
        XCTAssertEqual(after.stdout.components(separatedBy: "owns nothing in this account").count, 4, after.all)
    }
}
