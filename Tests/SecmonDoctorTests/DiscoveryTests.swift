import AWSClient
import TestSupport
import XCTest
@testable import SecmonDoctor

final class DiscoveryTests: XCTestCase {
    func testDiscoversTheChainAroundASecret() async {
        let aws = FakeAWS()
        PipelineFixture().install(on: aws)
        // A second trail in another region that does not deliver to CloudWatch Logs.
        aws.on(.cloudtrail, "DescribeTrails", reply: ["trailList": [
            ["Name": "archive", "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/archive", "HomeRegion": "eu-west-1",
             "IsMultiRegionTrail": false],
            ["Name": "secret-trail", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail",
             "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "CloudWatchLogsLogGroupArn": .string(PipelineFixture.groupArn),
             "CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/secret-trail-role", "S3BucketName": "trail-bucket"],
        ]])
        // An unrelated filter on the same group, which must not be chosen.
        aws.on(.logs, "DescribeMetricFilters", reply: ["metricFilters": [
            ["filterName": "console-logins", "logGroupName": "secret-trail-logs", "filterPattern": "never",
             "metricTransformations": [["metricNamespace": "Sec", "metricName": "Logins", "metricValue": "1"]]],
            ["filterName": "secret-reads", "logGroupName": "secret-trail-logs", "filterPattern": "{ $.eventName = GetSecretValue }",
             "metricTransformations": [["metricNamespace": "SecMon", "metricName": "SecretIsAccessed", "metricValue": "1"]]],
        ]])
        let target = await Doctor(client: aws, matcher: MatchesSecretReads(), now: { PipelineFixture.now }).discover(secret: "TopSecretInfo")
        XCTAssertEqual(target.trailName, "secret-trail")
        XCTAssertEqual(target.logGroupName, "secret-trail-logs")
        XCTAssertEqual(target.metricFilterName, "secret-reads")
        XCTAssertEqual(target.alarmName, "secret-read-alarm")
        XCTAssertEqual(target.topic, PipelineFixture.topicArn)
        XCTAssertEqual(target.notes, ["2 trails; checking secret-trail, the one that best records reads (others: archive)"])
        XCTAssertEqual(aws.inputs(.cloudwatch, "DescribeAlarmsForMetric").first?["MetricName"], "SecretIsAccessed")

        // And the discovered pipeline checks out like the stack's.
        let checklist = await Doctor(client: aws, matcher: MatchesSecretReads(), now: { PipelineFixture.now }).check(target)
        XCTAssertEqual(checklist.notOK, [])
        XCTAssertEqual(checklist.subject, "secret TopSecretInfo in us-east-1 (pipeline discovered)")
    }

    func testNoMatchingFilterStopsDiscoveryWithANote() async {
        let aws = FakeAWS()
        var fixture = PipelineFixture()
        fixture.testMetricFilterSupported = false
        fixture.install(on: aws)
        let target = await Doctor(client: aws, matcher: NeverMatches(), now: { PipelineFixture.now }).discover(secret: "TopSecretInfo")
        XCTAssertNil(target.metricFilterName)
        XCTAssertEqual(target.notes, ["none of the 1 metric filter(s) on secret-trail-logs matches a read of the secret"])
        let checklist = await Doctor(client: aws, matcher: NeverMatches(), now: { PipelineFixture.now }).check(target)
        // Only the filter link fails; what depends on it is unknown, not failed again.
        XCTAssertEqual(checklist.failing, ["filter.exists"])
        XCTAssertEqual(checklist.check("filter.exists")?.evidence, "no metric filter on secret-trail-logs matches a read of the secret")
        XCTAssertEqual(checklist.status("alarm.metric"), .unknown)
        XCTAssertEqual(checklist.status("topic.policy"), .unknown)
    }

    struct NeverMatches: FilterPatternMatching {
        func matches(pattern: String, message: String) throws -> Bool { false }
    }
}
