import AWSClient
import SecmonRender
import TestSupport
import XCTest
@testable import SecmonDoctor

final class DoctorTests: XCTestCase {
    func testHealthyPipelineIsOkOnEveryLinkInOrder() async {
        let (checklist, _) = await PipelineFixture().checklist()
        XCTAssertEqual(checklist.notOK, [], ChecklistRendering.text(checklist))
        XCTAssertEqual(checklist.exitCode, 0)
        XCTAssertEqual(checklist.checks.map(\.id), [
            "aws.identity", "secret.exists", "trail.exists", "trail.logging", "trail.events", "trail.region",
            "trail.log_group", "trail.delivery", "trail.bucket_policy", "role.trust", "role.permissions", "log_group.events",
            "filter.exists", "filter.matches", "alarm.metric", "alarm.can_fire", "alarm.actions", "alarm.state",
            "alarm.history", "topic.policy", "topic.encryption", "topic.subscriptions", "topic.delivery",
        ])
        XCTAssertEqual(checklist.check("trail.delivery")?.evidence, "last delivery to log group 3 min ago")
    }

    /// Where the endpoint lacks a field or an operation (as moto does), the link is unknown, never ok.
    func testWhatTheEndpointCannotTellIsUnknownNeverOk() async {
        var fixture = PipelineFixture()
        fixture.trailStatusExtras = [:]
        fixture.testMetricFilterSupported = false
        fixture.historySupported = false
        let (checklist, _) = await fixture.checklist(matcher: nil)
        XCTAssertEqual(checklist.notOK, ["trail.delivery", "filter.matches", "alarm.history"])
        XCTAssertEqual(Set(checklist.notOK.compactMap { checklist.status($0) }), [.unknown])
        XCTAssertEqual(checklist.check("trail.delivery")?.evidence,
                       "GetTrailStatus returned no LatestCloudWatchLogsDeliveryTime: delivery cannot be confirmed here")
        XCTAssertTrue(checklist.check("filter.matches")?.evidence.contains("TestMetricFilter not supported") == true)
        XCTAssertEqual(checklist.exitCode, 3)
    }

    func testOurEvaluatorDecidesWhenTestMetricFilterIsUnsupported() async {
        var fixture = PipelineFixture()
        fixture.testMetricFilterSupported = false
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.status("filter.matches"), .ok)
        XCTAssertEqual(checklist.check("filter.matches")?.evidence,
                       "matches a GetSecretValue by name and by ARN (TestMetricFilter not supported by this endpoint)")
    }

    // Each break fails exactly its own link and no other (the issue's acceptance, on a fake).

    func assertBreaks(_ change: (inout PipelineFixture) -> Void, only link: String, evidence: String? = nil,
                      file: StaticString = #filePath, line: UInt = #line) async {
        var fixture = PipelineFixture()
        change(&fixture)
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.failing, [link], ChecklistRendering.text(checklist), file: file, line: line)
        XCTAssertEqual(checklist.exitCode, 2, file: file, line: line)
        XCTAssertNotNil(checklist.check(link)?.fix, file: file, line: line)
        if let evidence {
            XCTAssertEqual(checklist.check(link)?.evidence, evidence, file: file, line: line)
        }
    }

    func testSecretScheduledForDeletionFails() async {
        await assertBreaks({ $0.secretDeleted = true }, only: "secret.exists")
    }

    func testStoppedLoggingFailsTrailLogging() async {
        await assertBreaks({ $0.trailLogging = false }, only: "trail.logging", evidence: "trail secret-trail is not logging")
    }

    func testWriteOnlySelectorsFailTrailEvents() async {
        await assertBreaks({ $0.eventSelectors = ["EventSelectors": [["ReadWriteType": "WriteOnly", "IncludeManagementEvents": true]]] },
                           only: "trail.events")
    }

    func testDeliveryErrorFailsTrailDelivery() async {
        await assertBreaks({ $0.trailStatusExtras["LatestCloudWatchLogsDeliveryError"] = "AccessDeniedException" },
                           only: "trail.delivery", evidence: "CloudWatch Logs delivery error: AccessDeniedException")
    }

    func testRoleThatTrustsAnotherServiceFails() async {
        await assertBreaks({ $0.trustPolicy = $0.trustPolicy.replacingOccurrences(of: "cloudtrail", with: "lambda") }, only: "role.trust")
    }

    func testRoleWithoutPutLogEventsFails() async {
        await assertBreaks({ $0.rolePolicy = $0.rolePolicy.replacingOccurrences(of: #","logs:PutLogEvents""#, with: "") },
                           only: "role.permissions")
    }

    func testDeletedFilterFailsOnlyFilterExists() async {
        await assertBreaks({ $0.filterExists = false }, only: "filter.exists",
                           evidence: "no metric filter secret-reads on secret-trail-logs")
    }

    func testAverageStatisticIsTheClassicTrap() async {
        await assertBreaks({ $0.statistic = "Average" }, only: "alarm.can_fire")
    }

    func testDisabledActionsFail() async {
        await assertBreaks({ $0.actionsEnabled = false }, only: "alarm.actions")
    }

    func testAlarmNotifyingAnotherTopicFails() async {
        await assertBreaks({ $0.alarmActions = ["arn:aws:sns:us-east-1:123456789012:Other"] }, only: "alarm.actions")
    }

    func testTopicPolicyWithoutTheCloudWatchStatementFails() async {
        await assertBreaks({
            $0.topicPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sns:*","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms"}]}"#
        }, only: "topic.policy", evidence: "no statement of the topic policy lets cloudwatch.amazonaws.com publish")
    }

    func testAWSManagedSNSKeyFails() async {
        await assertBreaks({ $0.kmsKey = "alias/aws/sns" }, only: "topic.encryption")
    }

    func testDeletedSubscriptionFails() async {
        await assertBreaks({ $0.subscriptions = [] }, only: "topic.subscriptions")
    }

    func testSomePendingSubscriptionsWarnWithCounts() async {
        var fixture = PipelineFixture()
        fixture.subscriptions = [("security@example.com", false), ("a@example.com", true), ("b@example.com", true)]
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.status("topic.subscriptions"), .warn)
        XCTAssertEqual(checklist.check("topic.subscriptions")?.evidence,
                       "2 of 3 subscriptions pending confirmation (email a@example.com, email b@example.com)")
    }

    func testAlarmAlreadyInAlarmWarns() async {
        var fixture = PipelineFixture()
        fixture.alarmState = "ALARM"
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.notOK, ["alarm.state"])
        XCTAssertEqual(checklist.status("alarm.state"), .warn)
    }

    func testFailedNotificationsWarn() async {
        var fixture = PipelineFixture()
        fixture.failedNotifications = 3
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.notOK, ["topic.delivery"])
        XCTAssertEqual(checklist.check("topic.delivery")?.evidence,
                       "3 notification(s) failed in the last day (AWS/SNS NumberOfNotificationsFailed)")
    }

    func testEmptyLogGroupWarns() async {
        var fixture = PipelineFixture()
        fixture.lastIngestion = nil
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.notOK, ["log_group.events"])
    }

    func testMissingTrailFailsOnceAndLeavesItsLinksUnknown() async {
        var target = PipelineFixture.target
        target.trailName = "no-such-trail"
        let (checklist, _) = await PipelineFixture().checklist(target: target)
        XCTAssertEqual(checklist.failing, ["trail.exists"])
        for id in ["trail.logging", "trail.events", "trail.region", "trail.log_group", "trail.delivery", "trail.bucket_policy", "role.trust", "role.permissions"] {
            XCTAssertEqual(checklist.status(id), .notChecked, id)
            XCTAssertTrue(checklist.check(id)?.evidence.hasPrefix("not checked because trail.exists fails: ") == true, id)
        }
    }

    // Issue 15: a break of the trail's CloudWatch Logs delivery is reported at its root, once;
    // the delivery role's links depend on it and are "not checked", not failed.

    func assertRootCause(_ change: (inout PipelineFixture) -> Void, evidence: String,
                         file: StaticString = #filePath, line: UInt = #line) async {
        var fixture = PipelineFixture()
        change(&fixture)
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.failing, ["trail.log_group"], ChecklistRendering.text(checklist), file: file, line: line)
        XCTAssertEqual(checklist.check("trail.log_group")?.evidence, evidence, file: file, line: line)
        for id in ["role.trust", "role.permissions"] where checklist.status(id) != .ok {
            XCTAssertEqual(checklist.status(id), .notChecked, id, file: file, line: line)
            XCTAssertEqual(checklist.check(id)?.evidence, "not checked because trail.log_group fails: \(evidence)", file: file, line: line)
            XCTAssertNil(checklist.check(id)?.fix, file: file, line: line)
        }
        XCTAssertEqual(checklist.exitCode, 2, file: file, line: line)
    }

    func testRemovedLogsDeliveryIsTheRootCause() async {
        await assertRootCause({ $0.trailLogGroupArn = nil; $0.trailRoleArn = nil },
                              evidence: "trail secret-trail sends no events to CloudWatch Logs")
    }

    func testDeliveryToAnotherLogGroupIsTheRootCause() async {
        await assertRootCause({ $0.trailLogGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:elsewhere:*" },
                              evidence: "trail secret-trail delivers to elsewhere, not to secret-trail-logs")
    }

    func testDeliveryWithoutARoleIsTheRootCause() async {
        await assertRootCause({ $0.trailRoleArn = nil },
                              evidence: "trail secret-trail names log group secret-trail-logs but no delivery role")
    }

    func testRootCauseRendersAsSkipped() async {
        var fixture = PipelineFixture()
        fixture.trailRoleArn = nil
        let (checklist, _) = await fixture.checklist()
        let text = ChecklistRendering.text(checklist)
        XCTAssertTrue(text.contains("  skipped  Delivery role trusts CloudTrail [role.trust]\n"), text)
        XCTAssertTrue(ChecklistRendering.summary(checklist).contains(" not checked"), ChecklistRendering.summary(checklist))
    }

    /// Issue 15: a filter that emits 0 is the filter's fault, not the statistic's.
    func testMetricValueZeroGetsAFixAboutTheFilter() async {
        await assertBreaks({ $0.metricValue = "0" }, only: "alarm.can_fire",
                           evidence: "the metric filter emits 0 per read, so no statistic rises")
        var fixture = PipelineFixture()
        fixture.metricValue = "0"
        let (checklist, _) = await fixture.checklist()
        XCTAssertEqual(checklist.check("alarm.can_fire")?.fix, "Make the metric filter publish 1 per read (`metric_value: 1` on the metric filter, secret-reads).")
    }

    /// Issue 15: trust policies are evaluated as IAM does.
    func testTrustPolicyWithAnExplicitDenyFails() async {
        await assertBreaks({
            $0.trustPolicy = #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole"},{"Sid":"NoCloudTrail","Effect":"Deny","Principal":{"Service":["cloudtrail.amazonaws.com"]},"Action":"sts:*"}]}"#
        }, only: "role.trust", evidence: "statement NoCloudTrail of the trust policy of role secret-trail-role denies cloudtrail.amazonaws.com sts:AssumeRole")
    }

    func testTrustPolicyForAnotherTrailFails() async {
        await assertBreaks({
            $0.trustPolicy = #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:123456789012:trail/other-trail"}}}]}"#
        }, only: "role.trust", evidence: "the trust policy of role secret-trail-role does not let cloudtrail.amazonaws.com assume it for trail secret-trail")
    }

    /// The trail bucket's policy goes through the same evaluator.
    func testBucketPolicyDenyingCloudTrailFails() async {
        await assertBreaks({
            $0.bucketPolicy = $0.bucketPolicy?.replacingOccurrences(of: #""Condition":{"Bool":{"aws:SecureTransport":"false"}}"#, with: #""Sid":"NoWrites""#)
                .replacingOccurrences(of: #""Sid":"DenyInsecureTransport","#, with: "")
        }, only: "trail.bucket_policy", evidence: "statement NoWrites of the policy of bucket trail-bucket denies CloudTrail s3:GetBucketAcl")
    }

    func testBucketPolicyForAnotherTrailFails() async {
        await assertBreaks({ $0.bucketPolicy = $0.bucketPolicy?.replacingOccurrences(of: "trail/secret-trail", with: "trail/other") },
                           only: "trail.bucket_policy",
                           evidence: "the policy of bucket trail-bucket does not let CloudTrail s3:GetBucketAcl for this trail")
    }

    func testBucketWithoutAPolicyFails() async {
        await assertBreaks({ $0.bucketPolicy = nil }, only: "trail.bucket_policy", evidence: "bucket trail-bucket has no bucket policy")
    }

    func testTrustPolicyConditionsOnThisTrailAndAccountAreOk() async {
        for condition in [
            #"{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail"}}"#,
            #"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:123456789012:trail/*"},"StringEquals":{"aws:SourceAccount":"123456789012"}}"#,
        ] {
            var fixture = PipelineFixture()
            fixture.trustPolicy = #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole","Condition":"# + condition + "}]}"
            let (checklist, _) = await fixture.checklist()
            XCTAssertEqual(checklist.status("role.trust"), .ok, condition)
        }
    }

    func testAccessDeniedIsUnknownWithTheReason() async {
        let aws = FakeAWS()
        PipelineFixture().install(on: aws)
        aws.on(.cloudtrail, "GetEventSelectors", error: "AccessDeniedException")
        let checklist = await Doctor(client: aws, matcher: MatchesSecretReads(), now: { PipelineFixture.now }).check(PipelineFixture.target)
        XCTAssertEqual(checklist.notOK, ["trail.events"])
        XCTAssertEqual(checklist.status("trail.events"), .unknown)
        XCTAssertTrue(checklist.check("trail.events")?.evidence.contains("AccessDeniedException") == true)
    }

    func testBadCredentialsFailTheFirstLink() async {
        let aws = FakeAWS()
        PipelineFixture().install(on: aws)
        aws.on(.sts, "GetCallerIdentity") { _ in
            throw AWSError(kind: .credentials, service: "sts", operation: "GetCallerIdentity", code: "NoCredentials",
                           message: "no AWS credentials found")
        }
        let checklist = await Doctor(client: aws, matcher: MatchesSecretReads(), now: { PipelineFixture.now }).check(PipelineFixture.target)
        XCTAssertEqual(checklist.status("aws.identity"), .fail)
        XCTAssertEqual(checklist.check("aws.identity")?.evidence, "no AWS credentials found")
    }

    /// Doctor only reads: every call is a Describe/Get/List (or TestMetricFilter), never GetSecretValue.
    func testDoctorCallsOnlyReadOperations() async {
        let (_, aws) = await PipelineFixture().checklist()
        let discovered = FakeAWS()
        PipelineFixture().install(on: discovered)
        _ = await Doctor(client: discovered, matcher: nil, now: { PipelineFixture.now }).discover(secret: "TopSecretInfo")
        let operations = aws.operations + discovered.operations
        XCTAssertFalse(operations.isEmpty)
        for call in operations {
            let op = String(call.split(separator: ".").last ?? "")
            let isRead = ["Describe", "Get", "List"].contains { op.hasPrefix($0) } || op == "TestMetricFilter"
            XCTAssertTrue(isRead, "\(call) is not a read")
            XCTAssertNotEqual(op, "GetSecretValue")
        }
    }
}
