import AWSClient
import Foundation
import TestSupport
import XCTest

/// Each protocol's encoding and decoding against moto_server, through the real client: what is
/// written reads back the same, and error replies arrive as typed errors. moto differs from AWS
/// (see shared notes); these tests rely only on behaviour both share, except where a comment
/// says otherwise.
final class WireProtocolRoundTripTests: LocalEndpointTestCase {
    private func client() throws -> AWSClient {
        let endpoint = try localEndpoint()
        // One attempt: these tests look at single replies, and moto's 500 pages need no retries.
        var environment = endpoint.environment
        environment["AWS_MAX_ATTEMPTS"] = "1"
        let settings = try AWSSettings.resolve(environment: environment, readFile: { _ in nil })
        return AWSClient(configuration: .init(settings: settings))
    }

    private func expectError(_ body: () async throws -> AWSValue) async -> AWSError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error as? AWSError
        }
    }

    func testQueryProtocolRoundTrips() async throws {
        let aws = try client()
        let identity = try await aws.call(.sts, "GetCallerIdentity", .null)
        XCTAssertEqual(identity["Account"], "123456789012")

        let topic = try await aws.call(.sns, "CreateTopic", [
            "Name": "wire-topic", "Attributes": ["DisplayName": "Wire test"],
            "Tags": [["Key": "secmon:stack", "Value": "wire"]],
        ])
        let topicArn = try XCTUnwrap(topic["TopicArn"].string)
        _ = try await aws.call(.sns, "Subscribe", [
            "TopicArn": .string(topicArn), "Protocol": "email", "Endpoint": "security-team@example.com",
            "Attributes": ["RawMessageDelivery": "false"],
        ])
        let attributes = try await aws.call(.sns, "GetTopicAttributes", ["TopicArn": .string(topicArn)])
        XCTAssertEqual(attributes["Attributes"]["DisplayName"], "Wire test")
        let subscriptions = try await aws.call(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topicArn)])
        XCTAssertEqual(subscriptions["Subscriptions"][0]["Endpoint"], "security-team@example.com")
        let tags = try await aws.call(.sns, "ListTagsForResource", ["ResourceArn": .string(topicArn)])
        XCTAssertEqual(tags["Tags"], [["Key": "secmon:stack", "Value": "wire"]])

        // IAM returns policy documents URL-encoded; the client hands back the text as sent.
        let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#
        _ = try await aws.call(.iam, "CreateRole", [
            "RoleName": "wire-role", "AssumeRolePolicyDocument": .string(policy),
            "Tags": [["Key": "secmon:stack", "Value": "wire"]],
        ])
        let role = try await aws.call(.iam, "GetRole", ["RoleName": "wire-role"])
        XCTAssertEqual(role["Role"]["AssumeRolePolicyDocument"], .string(policy))
        XCTAssertEqual(role["Role"]["Tags"], [["Key": "secmon:stack", "Value": "wire"]])
        XCTAssertNotNil(role["Role"]["CreateDate"].date)

        let missing = await expectError { try await aws.call(.iam, "GetRole", ["RoleName": "wire-nope"]) }
        XCTAssertEqual(missing?.kind, .service)
        XCTAssertEqual(missing?.code, "NoSuchEntity")
        XCTAssertEqual(missing?.status, 404)
        XCTAssertNotNil(missing?.requestID)
    }

    func testJSONProtocolRoundTrips() async throws {
        let aws = try client()
        _ = try await aws.call(.logs, "CreateLogGroup", ["logGroupName": "/wire/trail"])
        _ = try await aws.call(.logs, "PutMetricFilter", [
            "logGroupName": "/wire/trail", "filterName": "secret-read",
            "filterPattern": "{ $.eventName = \"GetSecretValue\" }",
            "metricTransformations": [["metricName": "SecretRead", "metricNamespace": "Wire", "metricValue": "1",
                                       "defaultValue": 0]],
        ])
        let filters = try await aws.call(.logs, "DescribeMetricFilters", ["logGroupName": "/wire/trail"])
        XCTAssertEqual(filters["metricFilters"][0]["filterPattern"], "{ $.eventName = \"GetSecretValue\" }")
        XCTAssertEqual(filters["metricFilters"][0]["metricTransformations"][0]["defaultValue"], .double(0))

        // CloudWatch over JSON 1.0.
        _ = try await aws.call(.cloudwatch, "PutMetricAlarm", [
            "AlarmName": "wire-alarm", "MetricName": "SecretRead", "Namespace": "Wire", "Statistic": "Sum",
            "Period": 300, "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
        ])
        let alarms = try await aws.call(.cloudwatch, "DescribeAlarms", ["AlarmNames": ["wire-alarm"]])
        XCTAssertEqual(alarms["MetricAlarms"][0]["Period"], 300)
        XCTAssertEqual(alarms["MetricAlarms"][0]["Threshold"], .double(1))
        XCTAssertNotNil(alarms["MetricAlarms"][0]["AlarmConfigurationUpdatedTimestamp"].date)

        let cw = await expectError {
            try await aws.call(.cloudwatch, "SetAlarmState", ["AlarmName": "wire-nope", "StateValue": "ALARM",
                                                              "StateReason": "test"])
        }
        XCTAssertEqual(cw?.code, "ResourceNotFound")
        let secret = await expectError { try await aws.call(.secretsmanager, "DescribeSecret", ["SecretId": "wire-nope"]) }
        XCTAssertEqual(secret?.code, "ResourceNotFoundException")
        XCTAssertEqual(secret?.message, "Secrets Manager can't find the specified secret.")
        let queue = await expectError { try await aws.call(.sqs, "GetQueueUrl", ["QueueName": "wire-nope"]) }
        XCTAssertEqual(queue?.code, "AWS.SimpleQueueService.NonExistentQueue")

        // moto has no TestMetricFilter and answers with an HTML 500 page, the same shape as a
        // proxy's error page: a typed error, not a crash.
        let page = await expectError {
            try await aws.call(.logs, "TestMetricFilter", ["filterPattern": "x", "logEventMessages": ["x"]])
        }
        XCTAssertEqual(page?.code, "HTTP500")
        XCTAssertEqual(page?.status, 500)
    }

    func testRestXMLRoundTrips() async throws {
        let aws = try client()
        let bucket: AWSValue = "wire-bucket"
        _ = try await aws.call(.s3, "CreateBucket", ["Bucket": bucket])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Wire","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::wire-bucket"}]}"#
        _ = try await aws.call(.s3, "PutBucketPolicy", ["Bucket": bucket, "Policy": .string(policy)])
        let readPolicy = try await aws.call(.s3, "GetBucketPolicy", ["Bucket": bucket])
        XCTAssertEqual(readPolicy["Policy"], .string(policy))

        _ = try await aws.call(.s3, "PutBucketTagging", [
            "Bucket": bucket, "Tagging": ["TagSet": [["Key": "secmon:stack", "Value": "a&b"]]],
        ])
        let tagging = try await aws.call(.s3, "GetBucketTagging", ["Bucket": bucket])
        XCTAssertEqual(tagging["TagSet"], [["Key": "secmon:stack", "Value": "a&b"]])

        _ = try await aws.call(.s3, "PutBucketLifecycleConfiguration", [
            "Bucket": bucket, "LifecycleConfiguration": ["Rules": [[
                "ID": "expire", "Filter": ["Prefix": "AWSLogs/"], "Status": "Enabled", "Expiration": ["Days": 90],
            ]]],
        ])
        let lifecycle = try await aws.call(.s3, "GetBucketLifecycleConfiguration", ["Bucket": bucket])
        XCTAssertEqual(lifecycle["Rules"][0]["Expiration"]["Days"], 90)

        let key: AWSValue = "AWSLogs/123456789012/a b+c.json"
        _ = try await aws.call(.s3, "PutObject", ["Bucket": bucket, "Key": key, "Body": .blob(Data("{}".utf8)),
                                                 "Metadata": ["stack": "wire"]])
        let object = try await aws.call(.s3, "GetObject", ["Bucket": bucket, "Key": key])
        XCTAssertEqual(object["Body"], .blob(Data("{}".utf8)))
        XCTAssertEqual(object["Metadata"], ["stack": "wire"])
        let listing = try await aws.call(.s3, "ListObjectsV2", ["Bucket": bucket, "Prefix": "AWSLogs/"])
        XCTAssertEqual(listing["Contents"][0]["Key"], key)
        XCTAssertEqual(listing["KeyCount"], 1)
        let deleted = try await aws.call(.s3, "DeleteObjects", ["Bucket": bucket, "Delete": ["Objects": [["Key": key]]]])
        XCTAssertEqual(deleted["Deleted"][0]["Key"], key)

        let head = await expectError { try await aws.call(.s3, "HeadBucket", ["Bucket": "wire-nope"]) }
        XCTAssertEqual(head?.code, "NotFound")
        XCTAssertEqual(head?.status, 404)
        let noBucket = await expectError { try await aws.call(.s3, "GetBucketPolicy", ["Bucket": "wire-nope"]) }
        XCTAssertEqual(noBucket?.code, "NoSuchBucket")
    }
}
