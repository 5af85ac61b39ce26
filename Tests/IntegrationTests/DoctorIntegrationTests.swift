import AWSClient
import Foundation
import SecmonDoctor
import SecmonRender
import TestSupport
import XCTest

/// Doctor and drill against the local endpoint (moto): the example pipeline is built through the
/// API, then broken one link at a time out of band; each break must fail exactly its link.
/// moto never delivers CloudTrail events, evaluates alarms or publishes alarm notifications, so
/// those links are expected "unknown" and the drill is expected to stop where moto stops.
final class DoctorIntegrationTests: LocalEndpointTestCase {
    func client() throws -> AWSClient {
        let endpoint = try localEndpoint()
        var environment = endpoint.environment
        environment["AWS_MAX_ATTEMPTS"] = "1"
        let settings = try AWSSettings.resolve(environment: environment, readFile: { _ in nil })
        return AWSClient(configuration: .init(settings: settings))
    }

    static let account = "123456789012"
    static let groupArn = "arn:aws:logs:us-east-1:123456789012:log-group:secret-trail-logs:*"
    static let topicArn = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    static let cloudWatchPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sns:*","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms"},{"Sid":"cloudwatch","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}"#
    static let ownerOnlyPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sns:*","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms"}]}"#

    var target: PipelineTarget {
        PipelineTarget(origin: .stack("secret-access-alarm"), secret: "TopSecretInfo", trailName: "secret-trail",
                       logGroupName: "secret-trail-logs", metricFilterName: "secret-reads", alarmName: "secret-read-alarm",
                       topic: "SecurityAlarms", expectedSubscriptions: [.init(protocol: "email", endpoint: "security@example.com")])
    }

    /// The example stack's pipeline, built through the API (no value is stored in the secret).
    func deploy(_ aws: AWSClient) async throws {
        _ = try await aws.call(.secretsmanager, "CreateSecret", ["Name": "TopSecretInfo"])
        _ = try await aws.call(.s3, "CreateBucket", ["Bucket": "secmon-doctor-trail-bucket"])
        // Real CreateTrail refuses a bucket CloudTrail may not write to (moto does not check).
        _ = try await aws.call(.s3, "PutBucketPolicy", [
            "Bucket": "secmon-doctor-trail-bucket",
            "Policy": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::secmon-doctor-trail-bucket"},{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::secmon-doctor-trail-bucket/AWSLogs/123456789012/*","Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control","aws:SourceAccount":"123456789012"}}}]}"#,
        ])
        _ = try await aws.call(.iam, "CreateRole", [
            "RoleName": "secret-trail-role",
            "AssumeRolePolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ])
        _ = try await aws.call(.iam, "PutRolePolicy", [
            "RoleName": "secret-trail-role", "PolicyName": "cloudtrail-logs",
            "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:123456789012:log-group:secret-trail-logs:log-stream:*"}]}"#,
        ])
        _ = try await aws.call(.logs, "CreateLogGroup", ["logGroupName": "secret-trail-logs"])
        // moto delivers nothing from CloudTrail: one event stands in for its delivery.
        _ = try await aws.call(.logs, "CreateLogStream", ["logGroupName": "secret-trail-logs", "logStreamName": "123456789012_CloudTrail_us-east-1"])
        _ = try await aws.call(.logs, "PutLogEvents", [
            "logGroupName": "secret-trail-logs", "logStreamName": "123456789012_CloudTrail_us-east-1",
            "logEvents": [["timestamp": .integer(Int64(Date().timeIntervalSince1970 * 1000)), "message": #"{"eventName":"DescribeTrails"}"#]],
        ])
        _ = try await aws.call(.cloudtrail, "CreateTrail", [
            "Name": "secret-trail", "S3BucketName": "secmon-doctor-trail-bucket", "IsMultiRegionTrail": true,
            "CloudWatchLogsLogGroupArn": .string(Self.groupArn),
            "CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/secret-trail-role",
        ])
        _ = try await aws.call(.cloudtrail, "StartLogging", ["Name": "secret-trail"])
        _ = try await aws.call(.logs, "PutMetricFilter", metricFilter)
        _ = try await aws.call(.sns, "CreateTopic", ["Name": "SecurityAlarms", "Attributes": ["Policy": .string(Self.cloudWatchPolicy)]])
        _ = try await aws.call(.cloudwatch, "PutMetricAlarm", alarm(statistic: "Sum"))
        _ = try await aws.call(.sns, "Subscribe", ["TopicArn": .string(Self.topicArn), "Protocol": "email", "Endpoint": "security@example.com"])
    }

    var metricFilter: AWSValue {
        ["logGroupName": "secret-trail-logs", "filterName": "secret-reads",
         "filterPattern": #"{ ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "*TopSecretInfo*") }"#,
         "metricTransformations": [["metricNamespace": "SecMon", "metricName": "SecretIsAccessed", "metricValue": "1", "defaultValue": 0.0]]]
    }

    func alarm(statistic: String) -> AWSValue {
        ["AlarmName": "secret-read-alarm", "Namespace": "SecMon", "MetricName": "SecretIsAccessed",
         "Statistic": .string(statistic), "Period": 300, "EvaluationPeriods": 1, "Threshold": 1.0,
         "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
         "AlarmActions": [.string(Self.topicArn)]]
    }

    func failing(_ aws: AWSClient) async -> (Checklist, [String]) {
        let checklist = await Doctor(client: aws, matcher: nil).check(target)
        return (checklist, checklist.checks.filter { $0.status == .fail }.map(\.id))
    }

    func testDoctorFailsExactlyTheBrokenLink() async throws {
        let aws = try client()
        try await deploy(aws)

        let (healthy, healthyFailing) = await failing(aws)
        XCTAssertEqual(healthyFailing, [], ChecklistRendering.text(healthy))
        // What moto cannot tell is unknown, never ok.
        let unknown = healthy.checks.filter { $0.status == .unknown }.map(\.id)
        XCTAssertEqual(unknown, ["trail.delivery", "filter.matches", "alarm.history"], ChecklistRendering.text(healthy))
        XCTAssertEqual(healthy.exitCode, 3)

        // Each break, out of band, then its repair.
        let breaks: [(link: String, breakIt: AWSValue, op: (AWSService, String), repair: (AWSService, String, AWSValue))] = [
            ("trail.logging", ["Name": "secret-trail"], (.cloudtrail, "StopLogging"), (.cloudtrail, "StartLogging", ["Name": "secret-trail"])),
            ("trail.events", ["TrailName": "secret-trail", "EventSelectors": [["ReadWriteType": "WriteOnly", "IncludeManagementEvents": true]]],
             (.cloudtrail, "PutEventSelectors"),
             (.cloudtrail, "PutEventSelectors", ["TrailName": "secret-trail", "EventSelectors": [["ReadWriteType": "All", "IncludeManagementEvents": true]]])),
            ("filter.exists", ["logGroupName": "secret-trail-logs", "filterName": "secret-reads"], (.logs, "DeleteMetricFilter"),
             (.logs, "PutMetricFilter", metricFilter)),
            ("alarm.can_fire", alarm(statistic: "Average"), (.cloudwatch, "PutMetricAlarm"), (.cloudwatch, "PutMetricAlarm", alarm(statistic: "Sum"))),
            ("topic.policy", ["TopicArn": .string(Self.topicArn), "AttributeName": "Policy", "AttributeValue": .string(Self.ownerOnlyPolicy)],
             (.sns, "SetTopicAttributes"),
             (.sns, "SetTopicAttributes", ["TopicArn": .string(Self.topicArn), "AttributeName": "Policy", "AttributeValue": .string(Self.cloudWatchPolicy)])),
        ]
        for b in breaks {
            _ = try await aws.call(b.op.0, b.op.1, b.breakIt)
            let (checklist, failing) = await failing(aws)
            XCTAssertEqual(failing, [b.link], ChecklistRendering.text(checklist))
            XCTAssertEqual(checklist.exitCode, 2)
            _ = try await aws.call(b.repair.0, b.repair.1, b.repair.2)
        }

        // Deleting the subscription last (moto cannot confirm a new one by email).
        let subscriptions = try await aws.call(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(Self.topicArn)])
        for s in subscriptions["Subscriptions"].list {
            _ = try await aws.call(.sns, "Unsubscribe", ["SubscriptionArn": s["SubscriptionArn"]])
        }
        let (checklist, failingAfterUnsubscribe) = await failing(aws)
        XCTAssertEqual(failingAfterUnsubscribe, ["topic.subscriptions"], ChecklistRendering.text(checklist))
        _ = try await aws.call(.sns, "Subscribe", ["TopicArn": .string(Self.topicArn), "Protocol": "email", "Endpoint": "security@example.com"])

        // Discovery finds the same pipeline from the secret alone (TestMetricFilter is not on
        // moto and no evaluator is given here, so it stops at the filter, and says so).
        let discovered = await Doctor(client: aws, matcher: nil).discover(secret: "TopSecretInfo")
        XCTAssertEqual(discovered.trailName, "secret-trail")
        XCTAssertEqual(discovered.logGroupName, "secret-trail-logs")

        // The drill stops where moto stops, and removes everything it made.
        let alarmPlan = try await DrillPlan.prepare(target: target, trigger: .alarm, timeout: 2, client: aws, now: Date())
        var quick = alarmPlan
        quick.pollInterval = 1
        let alarmResult = await DrillRunner(client: aws, secretTrigger: nil, makeID: { "itest1" }).run(quick)
        XCTAssertEqual(alarmResult.outcome, .timedOut(stoppedAt: .notification))
        XCTAssertEqual(alarmResult.timeline.map(\.hop), [.triggerSent, .alarmTransition])
        XCTAssertEqual(alarmResult.cleanupProblems, [])
        await assertNoDrillLeftovers(aws, id: "itest1")

        _ = try await aws.call(.cloudwatch, "SetAlarmState", ["AlarmName": "secret-read-alarm", "StateValue": "OK", "StateReason": "test"])
        var logPlan = try await DrillPlan.prepare(target: target, trigger: .log, timeout: 2, client: aws, now: Date())
        logPlan.pollInterval = 1
        let logResult = await DrillRunner(client: aws, secretTrigger: nil, makeID: { "itest2" }).run(logPlan)
        XCTAssertEqual(logResult.outcome, .timedOut(stoppedAt: .metricDatapoint))
        XCTAssertEqual(logResult.timeline.map(\.hop), [.triggerSent, .logEvent])
        XCTAssertEqual(logResult.cleanupProblems, [])
        await assertNoDrillLeftovers(aws, id: "itest2")
        let streams = try await aws.call(.logs, "DescribeLogStreams", ["logGroupName": "secret-trail-logs"])
        XCTAssertFalse(streams["logStreams"].list.contains { $0["logStreamName"].string == "secmon-drill-itest2" })
    }

    func assertNoDrillLeftovers(_ aws: AWSClient, id: String, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await aws.call(.sqs, "GetQueueUrl", ["QueueName": .string("secmon-drill-\(id)")])
            XCTFail("queue secmon-drill-\(id) is still there", file: file, line: line)
        } catch {}
        let subscriptions = try? await aws.call(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(Self.topicArn)])
        XCTAssertFalse(subscriptions?["Subscriptions"].list.contains { $0["Protocol"].string == "sqs" } ?? true,
                       "the drill's subscription is still there", file: file, line: line)
    }
}
