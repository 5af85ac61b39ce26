import AWSClient
import Foundation
import TestSupport
import XCTest

/// The whole life of the example stack against the local endpoint, through the real binary:
/// create, converge, drift, orphans, replacement, conflicts, stale plans, destroy.
final class LifecycleTests: XCTestCase {
    private var stack: StackFixture!

    override func setUpWithError() throws { stack = try StackFixture() }
    override func tearDown() { stack?.tearDown() }

    func testCreateThenNoChangesThenDestroyLeavesNothingOwned() async throws {
        let first = try stack.plan(expect: 2)
        XCTAssertTrue(first.stdout.contains("Plan: 11 to add, 0 to change, 0 to destroy."), first.stdout)
        try stack.apply()
        let second = try stack.plan(expect: 0)
        XCTAssertTrue(second.stdout.contains("No changes."), second.stdout)

        try stack.run(["destroy", stack.stackPath, "--auto-approve"], expect: 0)
        try stack.plan(["--destroy"], expect: 0)
        let owned = try await ownedResourceNames()
        XCTAssertEqual(owned, [], "still owned after destroy: \(owned)")
    }

    func testOutOfBandChangesShowInThePlanAndApplyRestoresThem() async throws {
        try stack.apply()
        let aws = stack.client
        // Alarm: threshold and statistic.
        let described = try await aws.call(.cloudwatch, "DescribeAlarms", ["AlarmNames": ["secret-access-alarm-secret-read"]])
        let alarm = described["MetricAlarms"][0]
        XCTAssertFalse(alarm.isNull, "no alarm: \(described)")
        var changed = alarm.map.filter { Self.putMetricAlarmMembers.contains($0.key) }
        changed["Threshold"] = 5
        changed["Statistic"] = "Average"
        _ = try await aws.call(.cloudwatch, "PutMetricAlarm", .map(changed))
        // Log retention, a removed tag, a deleted subscription, a stopped trail.
        _ = try await aws.call(.logs, "PutRetentionPolicy",
                               ["logGroupName": "/secmon/secret-access-alarm/cloudtrail", "retentionInDays": 7])
        let topicARN = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
        _ = try await aws.call(.sns, "UntagResource", ["ResourceArn": .string(topicARN), "TagKeys": ["team"]])
        let subscriptions = try await aws.call(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topicARN)])
        for sub in subscriptions["Subscriptions"].list {
            _ = try await aws.call(.sns, "Unsubscribe", ["SubscriptionArn": sub["SubscriptionArn"]])
        }
        _ = try await aws.call(.cloudtrail, "StopLogging", ["Name": "secret-access-alarm-trail"])

        let drift = try stack.plan(expect: 2).stdout
        for expected in ["threshold", "statistic", "retention_days", "team", "alert_email", "logging"] {
            XCTAssertTrue(drift.contains(expected), "the plan does not mention \(expected):\n\(drift)")
        }
        try stack.apply()
        let after = try stack.plan(expect: 0)
        XCTAssertTrue(after.stdout.contains("No changes."), after.stdout)
    }

    func testAResourceRemovedFromTheStackIsDestroyed() async throws {
        try stack.apply()
        let text = try String(contentsOf: URL(fileURLWithPath: stack.stackPath), encoding: .utf8)
        // Drop the alarm (and nothing else references it).
        let start = try XCTUnwrap(text.range(of: "  secret_read_alarm:\n"))
        let end = try XCTUnwrap(text.range(of: "\n  # The real-time path."))
        try stack.writeStack(String(text[..<start.lowerBound]) + String(text[end.lowerBound...]).dropFirst())
        let plan = try stack.plan(expect: 2).stdout
        XCTAssertTrue(plan.contains("Plan: 0 to add, 0 to change, 1 to destroy."), plan)
        try stack.apply()
        let alarms = try await stack.client.call(.cloudwatch, "DescribeAlarms", ["AlarmNames": ["secret-access-alarm-secret-read"]])
        XCTAssertEqual(alarms["MetricAlarms"].list.count, 0)
        try stack.plan(expect: 0)
    }

    func testARenamedTrailIsReplaced() async throws {
        try stack.apply()
        try stack.editStack(replacing: "name: ${stack.name}-trail\n", with: "name: ${stack.name}-audit-trail\n")
        let plan = try stack.plan(expect: 2).stdout
        // Created before the old one goes (its name is new); the bucket policy follows the trail's ARN.
        XCTAssertTrue(plan.contains("+/- trail \"secret_trail\""), plan)
        XCTAssertTrue(plan.contains("# forces replacement"), plan)
        XCTAssertTrue(plan.contains("Plan: 1 to add, 1 to change, 1 to destroy."), plan)
        try stack.apply()
        let trails = try await stack.client.call(.cloudtrail, "DescribeTrails", [:])["trailList"].list.compactMap { $0["Name"].string }
        XCTAssertEqual(trails.sorted(), ["secret-access-alarm-audit-trail"])
        try stack.plan(expect: 0)
    }

    func testAnUnmanagedResourceWithTheSameNameStopsThePlanAndNothingChanges() async throws {
        _ = try await stack.client.call(.sns, "CreateTopic", ["Name": "SecurityAlarms"])
        let plan = try stack.plan(expect: 1)
        XCTAssertTrue(plan.stderr.contains("SecurityAlarms"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("--adopt"), plan.stderr)
        let apply = try stack.run(["apply", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertFalse(apply.stdout.contains("created"), apply.stdout)
        let owned = try await ownedResourceNames()
        XCTAssertEqual(owned, [], "apply changed the account although the plan failed: \(owned)")
        // Adopting it works, and shows as an adoption.
        let adopt = try stack.plan(["--adopt"], expect: 2).stdout
        XCTAssertTrue(adopt.lowercased().contains("adopt"), adopt)
    }

    func testASavedPlanMadeStaleByAnOutOfBandChangeIsRefused() async throws {
        try stack.apply()
        _ = try await stack.client.call(.logs, "PutRetentionPolicy",
                                        ["logGroupName": "/secmon/secret-access-alarm/cloudtrail", "retentionInDays": 7])
        let planFile = stack.directory.appendingPathComponent("fix.plan").path
        try stack.run(["plan", stack.stackPath, "--out", planFile], expect: 0)
        // Someone changes the account again before the plan is applied.
        _ = try await stack.client.call(.logs, "PutRetentionPolicy",
                                        ["logGroupName": "/secmon/secret-access-alarm/cloudtrail", "retentionInDays": 14])
        // A saved plan is applied without asking; --auto-approve is only for a stack file.
        let flagged = try stack.run(["apply", planFile, "--auto-approve"], expect: 1)
        XCTAssertTrue(flagged.stderr.contains("--auto-approve is for a stack file"), flagged.all)
        let refused = try stack.run(["apply", planFile], expect: 1)
        XCTAssertTrue(refused.stderr.contains("changed since"), refused.all)
        let retention = try await stack.client.call(.logs, "DescribeLogGroups",
                                                    ["logGroupNamePrefix": "/secmon/secret-access-alarm/cloudtrail"])
        XCTAssertEqual(retention["logGroups"][0]["retentionInDays"].int, 14, "a refused plan must change nothing")
    }

    func testTheSecretValueNeverAppearsAnywhereAndIsNeverRead() async throws {
        let planFile = stack.directory.appendingPathComponent("all.plan").path
        var outputs: [String] = []
        outputs.append(try stack.run(["plan", stack.stackPath, "--debug", "--out", planFile], expect: 0).all)
        outputs.append(try stack.run(["plan", stack.stackPath, "--json"], expect: 0).all)
        // No terminal and no --auto-approve: a saved plan is applied without asking.
        outputs.append(try stack.run(["apply", planFile, "--debug"], expect: 0).all)
        try stack.editStack(replacing: "value_version: 1", with: "value_version: 2")
        outputs.append(try stack.run(["apply", stack.stackPath, "--auto-approve", "--debug"], expect: 0).all)
        outputs.append(try stack.run(["destroy", stack.stackPath, "--auto-approve", "--debug"], expect: 0).all)
        outputs.append(try String(contentsOfFile: planFile, encoding: .utf8))
        for text in outputs {
            XCTAssertFalse(text.contains(StackFixture.secretValue), "the secret value leaked:\n\(text)")
        }
        // --debug logs one line per request: "aws: POST secretsmanager <Operation> ...". (The
        // word GetSecretValue itself is in the stack's filter pattern, so it shows in plans.)
        let requests = outputs.joined().split(separator: "\n").filter { $0.hasPrefix("aws: ") }
        XCTAssertTrue(requests.contains { $0.contains("secretsmanager PutSecretValue") || $0.contains("secretsmanager UpdateSecret") },
                      "the value_version bump rewrote nothing")
        XCTAssertFalse(requests.contains { $0.contains("GetSecretValue") }, "secmon sent GetSecretValue")
    }

    // MARK: - Helpers

    /// Names of everything in the account tagged as owned by the example stack, listed kind by
    /// kind through the API (moto's tagging API misses roles and trails).
    private func ownedResourceNames() async throws -> [String] {
        let aws = stack.client
        let owner = "secret-access-alarm"
        var names: [String] = []
        func owned(_ tags: [AWSValue], key: String = "Key", value: String = "Value") -> Bool {
            tags.contains { $0[key].string == "secmon:stack" && $0[value].string == owner }
        }
        for secret in try await aws.call(.secretsmanager, "ListSecrets", [:])["SecretList"].list
        where secret["DeletedDate"].isNull && owned(secret["Tags"].list) {
            names.append("secret \(secret["Name"].string ?? "?")")
        }
        for group in try await aws.call(.logs, "DescribeLogGroups", [:])["logGroups"].list {
            let name = group["logGroupName"].string ?? ""
            let tags = try await aws.call(.logs, "ListTagsLogGroup", ["logGroupName": .string(name)])["tags"].map
            if tags["secmon:stack"]?.string == owner { names.append("log group \(name)") }
        }
        for alarm in try await aws.call(.cloudwatch, "DescribeAlarms", [:])["MetricAlarms"].list {
            let tags = try await aws.call(.cloudwatch, "ListTagsForResource", ["ResourceARN": alarm["AlarmArn"]])["Tags"].list
            if owned(tags) { names.append("alarm \(alarm["AlarmName"].string ?? "?")") }
        }
        for topic in try await aws.call(.sns, "ListTopics", [:])["Topics"].list {
            let tags = try await aws.call(.sns, "ListTagsForResource", ["ResourceArn": topic["TopicArn"]])["Tags"].list
            if owned(tags) { names.append("topic \(topic["TopicArn"].string ?? "?")") }
        }
        for trail in try await aws.call(.cloudtrail, "DescribeTrails", [:])["trailList"].list {
            let tags = try await aws.call(.cloudtrail, "ListTags", ["ResourceIdList": [trail["TrailARN"]]])
            if owned(tags["ResourceTagList"][0]["TagsList"].list) { names.append("trail \(trail["Name"].string ?? "?")") }
        }
        for rule in try await aws.call(.events, "ListRules", [:])["Rules"].list {
            let tags = try await aws.call(.events, "ListTagsForResource", ["ResourceARN": rule["Arn"]])["Tags"].list
            if owned(tags) { names.append("event rule \(rule["Name"].string ?? "?")") }
        }
        for role in try await aws.call(.iam, "ListRoles", [:])["Roles"].list {
            let tags = try await aws.call(.iam, "ListRoleTags", ["RoleName": role["RoleName"]])["Tags"].list
            if owned(tags) { names.append("role \(role["RoleName"].string ?? "?")") }
        }
        for bucket in try await aws.call(.s3, "ListBuckets", [:])["Buckets"].list {
            let name = bucket["Name"].string ?? ""
            if let tags = try? await aws.call(.s3, "GetBucketTagging", ["Bucket": .string(name)])["TagSet"].list, owned(tags) {
                names.append("bucket \(name)")
            }
        }
        return names.sorted()
    }

    private static let putMetricAlarmMembers: Set<String> = [
        "AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions", "InsufficientDataActions",
        "MetricName", "Namespace", "Statistic", "Dimensions", "Period", "Unit", "EvaluationPeriods",
        "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData",
    ]
}
