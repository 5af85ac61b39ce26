import AWSClient
import Foundation
import TestSupport
import XCTest

/// Issue 11, a stack with `targets:`: what each target manages carries its id
/// (`secmon:target`) and no other target undoes it; overlapping targets are refused before any
/// write; a saved plan holds every target's part and is refused whole when one part is stale;
/// doctor checks every target. Through the real binary (the local endpoint gives AssumeRole's
/// keys the role's account and keeps each account's resources apart).
final class TargetsTests: LocalEndpointTestCase {
    private var stack: StackFixture!
    private var proxy: FaultProxy?

    override func setUpWithError() throws {
        stack = try StackFixture(sharedEndpoint: try localEndpoint())
    }

    override func tearDown() {
        proxy?.stop()
        stack?.tearDown()
    }

    private func setTargets(_ targets: String) throws {
        try stack.editStack(replacing: "tags:\n  team: security", with: "targets:\n\(targets)\ntags:\n  team: security")
    }

    /// The example stack with its role and bucket named per region.
    private func namePerRegion() throws {
        try stack.editStack(replacing: "name: ${stack.name}-trail-${aws.account_id}",
                            with: "name: ${stack.name}-trail-${aws.account_id}-${aws.region}")
        try stack.editStack(replacing: "name: ${stack.name}-cloudtrail-logs",
                            with: "name: ${stack.name}-cloudtrail-logs-${aws.region}")
    }

    /// Sends the binary through a counting proxy.
    private func countRequests() throws -> FaultProxy {
        let started = try FaultProxy.start(inFrontOf: stack.endpoint)
        proxy = started
        stack.secmon.environment.merge(started.environment(from: stack.endpoint)) { _, new in new }
        return started
    }

    /// Operations that change the account among those the proxy saw (S3's are named by method).
    private func writes(_ proxy: FaultProxy) throws -> [String] {
        // AssumeRole changes nothing in the account: it is how a target's keys are had.
        let readPrefixes = ["Describe", "List", "Get", "Head", "s3:GET ", "s3:HEAD ", "AssumeRole"]
        return try proxy.operationCounts().keys.filter { op in !readPrefixes.contains { op.hasPrefix($0) } }.sorted()
    }

    private func topicTags() async throws -> [String: String] {
        let reply = try await stack.client.call(.sns, "ListTagsForResource",
                                                ["ResourceArn": "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"])
        var tags: [String: String] = [:]
        for tag in reply["Tags"].list { if let key = tag["Key"].string { tags[key] = tag["Value"].string ?? "" } }
        return tags
    }

    /// A deployment made without targets stays owned when the stack gains a target there (a
    /// missing tag is the default target's): the plan only tags it. Another role's target into
    /// the same account then finds it managed by the first and refuses; naming the new target
    /// after the old one takes it over.
    func testATargetNeverChangesWhatAnotherTargetManagesAndUntaggedResourcesStayOwned() async throws {
        _ = try stack.apply()
        try setTargets("  - account: arn:aws:iam::123456789012:role/deploy-a\n    regions: [us-east-1]")
        let tagging = try stack.plan(expect: 2)
        XCTAssertTrue(tagging.stdout.contains("secmon:target"), tagging.all)
        XCTAssertTrue(tagging.stdout.contains("Plan: 0 to add, "), tagging.all)
        XCTAssertTrue(tagging.stdout.contains(" to change, 0 to destroy."), tagging.all)
        _ = try stack.apply()
        let tags = try await topicTags()
        XCTAssertEqual(tags["secmon:target"], "arn:aws:iam::123456789012:role/deploy-a")
        XCTAssertEqual(tags["secmon:region"], "us-east-1")
        XCTAssertTrue(try stack.plan(expect: 0).stdout.contains("No changes."))

        try stack.editStack(replacing: "role/deploy-a", with: "role/deploy-b")
        let proxy = try countRequests()
        let other = try stack.plan(expect: 1)
        XCTAssertTrue(other.stderr.contains(
            "a topic named \"SecurityAlarms\" already exists and belongs to this stack (secret-access-alarm) through its target "
            + "\"arn:aws:iam::123456789012:role/deploy-a\" (its secmon:target tag); a target never changes what another target "
            + "manages. If this target takes over from that one (another role into the same account), give it "
            + "`name: arn:aws:iam::123456789012:role/deploy-a`"), other.all)
        let destroy = try stack.run(["plan", stack.stackPath, "--destroy"], expect: 0)
        XCTAssertTrue(destroy.stdout.contains("owns nothing in this account"), "nothing is deploy-b's to destroy: \(destroy.all)")
        XCTAssertEqual(try writes(proxy), [])

        try stack.editStack(replacing: "  - account: arn:aws:iam::123456789012:role/deploy-b",
                            with: "  - name: arn:aws:iam::123456789012:role/deploy-a\n    account: arn:aws:iam::123456789012:role/deploy-b")
        XCTAssertTrue(try stack.plan(expect: 0).stdout.contains("No changes."), "named after it, the new role's target takes over")
    }

    /// Two roles into one account and region, and one global name written by two targets of one
    /// account: both refused before one write.
    func testOverlappingTargetsAreRefusedBeforeAnyWrite() throws {
        let proxy = try countRequests()
        try setTargets("""
              - account: arn:aws:iam::111111111111:role/deploy-a
                regions: [us-east-1]
              - account: arn:aws:iam::111111111111:role/deploy-b
                regions: [us-east-1]
            """)
        let same = try stack.run(["apply", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertTrue(same.stderr.contains("targets[1]: account 111111111111 in us-east-1 is already targets[0]'s; two targets in one "
                                           + "account and region would own the same resources and undo each other"), same.all)

        try stack.editStack(replacing: "role/deploy-a\n    regions: [us-east-1]", with: "role/deploy-a\n    regions: [us-west-2]")
        for command in [["plan", stack.stackPath], ["apply", stack.stackPath, "--auto-approve"]] {
            let run = try stack.run(command, expect: 1)
            XCTAssertTrue(run.stderr.contains(
                "error: the role \"secret-access-alarm-cloudtrail-logs\" in account 111111111111 would be written by more than one "
                + "target (trail_role in us-west-2, trail_role in us-east-1); role names are global"), run.all)
            XCTAssertTrue(run.stderr.contains("the bucket \"secret-access-alarm-trail-111111111111\" would be written by more "
                                              + "than one target (trail_bucket in account 111111111111 us-west-2, "
                                              + "trail_bucket in account 111111111111 us-east-1); bucket names are unique across "
                                              + "every account"), run.all)
        }
        XCTAssertEqual(try writes(proxy), [], "not one write request may reach the account")
    }

    /// `plan --out` holds every target's plan; `apply FILE` applies each part in its account,
    /// and refuses the whole file, writing nothing, when one part is stale.
    func testASavedPlanHoldsEveryTargetAndAStalePartRefusesTheWholeFile() throws {
        try namePerRegion()
        try setTargets("""
              - account: arn:aws:iam::111111111111:role/secmon-deploy
                regions: [us-east-1]
              - name: second
                account: arn:aws:iam::222222222222:role/secmon-deploy
                regions: [us-east-1, us-west-2]
            """)
        let saved = try stack.run(["plan", stack.stackPath, "--out", "plan.json"], expect: 0)
        XCTAssertTrue(saved.stderr.contains("Saved the plan to plan.json"), saved.all)
        XCTAssertTrue(saved.stdout.contains("3 targets, 3 with changes."), saved.all)
        let applied = try stack.run(["apply", "plan.json"], expect: 0)
        for target in ["account 111111111111, region us-east-1", "account 222222222222, region us-east-1",
                       "account 222222222222, region us-west-2"] {
            XCTAssertTrue(applied.stdout.contains("=== Target: \(target) ==="), applied.all)
        }
        let plan = try stack.plan(expect: 0)
        XCTAssertTrue(plan.stdout.contains("3 targets, 0 with changes."), plan.all)

        try stack.editStack(replacing: "tags:\n  team: security", with: "tags:\n  team: security-ops")
        try stack.run(["plan", stack.stackPath, "--out", "change.json"], expect: 0)
        _ = try stack.apply(["--region", "us-west-2"])
        let stale = try stack.run(["apply", "change.json"], expect: 1)
        XCTAssertTrue(stale.stderr.contains("error: target account 222222222222, region us-west-2: the account changed since this "
                                            + "plan was made"), stale.all)
        XCTAssertFalse(stale.stderr.contains("target account 111111111111"), "the fresh parts are not refused: \(stale.all)")
        XCTAssertTrue(stale.stderr.contains("1 of 3 targets' plans are out of date; nothing was applied"), stale.all)
        let east = try stack.plan(["--region", "us-east-1"], expect: 2)
        XCTAssertTrue(east.stdout.contains("2 targets, 2 with changes."), "nothing of the file was applied: \(east.all)")
    }

    /// doctor on a stack with targets checks every target, grouped per target, and exits with
    /// the worst target's status.
    func testDoctorChecksEveryTarget() throws {
        try namePerRegion()
        try setTargets("""
              - account: arn:aws:iam::111111111111:role/secmon-deploy
                regions: [us-east-1, us-west-2]
            """)
        _ = try stack.apply()
        let text = try stack.secmon.run(["doctor", stack.stackPath])
        XCTAssertTrue([2, 3].contains(text.status), text.all)
        for region in ["us-east-1", "us-west-2"] {
            XCTAssertTrue(text.stdout.contains("=== Target: account 111111111111, region \(region) ===\nsecmon doctor: "), text.all)
        }
        XCTAssertTrue(text.stdout.contains("2 targets: "), text.all)
        let json = try stack.secmon.run(["doctor", stack.stackPath, "--json", "--region", "us-west-2"])
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.all)
        let targets = try XCTUnwrap(document["targets"] as? [[String: Any]])
        XCTAssertEqual(targets.map { "\($0["account"] ?? "") \($0["region"] ?? "")" }, ["111111111111 us-west-2"])
        XCTAssertEqual(document["exitCode"] as? Int, Int(json.status))
        // The secret is found in the target's account, not the caller's.
        let chains = try XCTUnwrap(targets.first?["chains"] as? [[String: Any]], json.all)
        XCTAssertEqual(chains.count, 1, "the example watches one secret: one chain")
        let checks = try XCTUnwrap(chains.first?["checks"] as? [[String: Any]])
        XCTAssertEqual(checks.first { $0["id"] as? String == "secret.exists" }?["status"] as? String, "ok", json.all)

        let drill = try stack.run(["drill", stack.stackPath, "--from", "alarm"], expect: 1)
        XCTAssertTrue(drill.stderr.contains("the stack has 2 targets here"), drill.all)
    }
}
