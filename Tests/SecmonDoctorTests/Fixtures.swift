import AWSClient
import TestSupport
import Foundation
@testable import SecmonDoctor

/// The example stack's pipeline, healthy, as a real account would report it. Tests break one
/// field at a time and install it on a FakeAWS (TestSupport).
struct PipelineFixture {
    static let account = "123456789012"
    static let now = Date(timeIntervalSince1970: 1_795_600_000)
    static let topicArn = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    static let groupArn = "arn:aws:logs:us-east-1:123456789012:log-group:secret-trail-logs:*"

    var secretDeleted = false
    var trailLogging = true
    var trailStatusExtras: [String: AWSValue] = [
        "LatestCloudWatchLogsDeliveryTime": .timestamp(now.addingTimeInterval(-180)),
    ]
    var eventSelectors: AWSValue = ["EventSelectors": [["ReadWriteType": "All", "IncludeManagementEvents": true]]]
    var trustPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    var rolePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:123456789012:log-group:secret-trail-logs:log-stream:*"}]}"#
    var lastIngestion: Date? = now.addingTimeInterval(-120)
    /// The trail's CloudWatch Logs delivery: nil removes that field.
    var trailLogGroupArn: String? = groupArn
    var trailRoleArn: String? = "arn:aws:iam::123456789012:role/secret-trail-role"
    var metricValue = "1"
    /// The trail bucket's policy, as secmon writes it (`cloudtrail_delivery: true`); nil: none.
    var bucketPolicy: String? = #"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::trail-bucket","arn:aws:s3:::trail-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::trail-bucket","Condition":{"StringEquals":{"aws:SourceArn":["arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail"]}}},{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::trail-bucket/*","Condition":{"StringEquals":{"aws:SourceArn":["arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail"],"s3:x-amz-acl":"bucket-owner-full-control"}}}]}"#
    var filterExists = true
    var testMetricFilterSupported = true
    var statistic = "Sum"
    var defaultValue: Double? = 0
    var alarmActions: [String] = [topicArn]
    var actionsEnabled = true
    var alarmState = "OK"
    var historySupported = true
    var topicPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"owner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sns:*","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms"},{"Sid":"cloudwatch","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"},"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"}}}]}"#
    var kmsKey: String?
    /// (endpoint, pending) per subscription.
    var subscriptions: [(String, Bool)] = [("security@example.com", false)]
    var failedNotifications: Double?

    static var target: PipelineTarget {
        PipelineTarget(origin: .stack("secret-access-alarm"), secret: "TopSecretInfo", trailName: "secret-trail",
                       logGroupName: "secret-trail-logs", metricFilterName: "secret-reads",
                       alarmName: "secret-read-alarm", topic: "SecurityAlarms",
                       expectedSubscriptions: [.init(protocol: "email", endpoint: "security@example.com")])
    }

    func install(on aws: FakeAWS) {
        aws.on(.sts, "GetCallerIdentity", reply: ["Account": .string(Self.account), "Arn": "arn:aws:iam::123456789012:user/ops", "UserId": "AIDA"])
        var secret: [String: AWSValue] = ["Name": "TopSecretInfo", "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf"]
        if secretDeleted { secret["DeletedDate"] = .timestamp(Self.now.addingTimeInterval(7 * 86_400)) }
        aws.on(.secretsmanager, "DescribeSecret", reply: .map(secret))
        var trail: [String: AWSValue] = [
            "Name": "secret-trail", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail",
            "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "S3BucketName": "trail-bucket",
        ]
        if let trailLogGroupArn { trail["CloudWatchLogsLogGroupArn"] = .string(trailLogGroupArn) }
        if let trailRoleArn { trail["CloudWatchLogsRoleArn"] = .string(trailRoleArn) }
        aws.on(.cloudtrail, "DescribeTrails", reply: ["trailList": [.map(trail)]])
        var status: [String: AWSValue] = ["IsLogging": .bool(trailLogging)]
        status.merge(trailStatusExtras) { _, new in new }
        aws.on(.cloudtrail, "GetTrailStatus", reply: .map(status))
        aws.on(.cloudtrail, "GetEventSelectors", reply: eventSelectors)
        if let bucketPolicy {
            aws.on(.s3, "GetBucketPolicy", reply: ["Policy": .string(bucketPolicy)])
        } else {
            aws.on(.s3, "GetBucketPolicy", error: "NoSuchBucketPolicy", status: 404)
        }
        aws.on(.iam, "GetRole", reply: ["Role": ["RoleName": "secret-trail-role", "Arn": "arn:aws:iam::123456789012:role/secret-trail-role",
                                             "AssumeRolePolicyDocument": .string(trustPolicy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")]])
        aws.on(.iam, "ListRolePolicies", reply: ["PolicyNames": ["cloudtrail-logs"], "IsTruncated": false])
        aws.on(.iam, "GetRolePolicy", reply: ["PolicyDocument": .string(rolePolicy)])
        aws.on(.iam, "ListAttachedRolePolicies", reply: ["AttachedPolicies": []])
        let streams: AWSValue = lastIngestion.map {
            ["logStreams": [["logStreamName": "123456789012_CloudTrail_us-east-1", "lastIngestionTime": .integer(Int64($0.timeIntervalSince1970 * 1000))]]]
        } ?? ["logStreams": []]
        aws.on(.logs, "DescribeLogStreams", reply: streams)
        var transformation: [String: AWSValue] = ["metricNamespace": "SecMon", "metricName": "SecretIsAccessed", "metricValue": .string(metricValue)]
        if let defaultValue { transformation["defaultValue"] = .double(defaultValue) }
        aws.on(.logs, "DescribeMetricFilters", reply: ["metricFilters": filterExists ? [[
            "filterName": "secret-reads", "logGroupName": "secret-trail-logs",
            "filterPattern": #"{ ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "*TopSecretInfo*") }"#,
            "metricTransformations": [.map(transformation)],
        ]] : []])
        if testMetricFilterSupported {
            aws.on(.logs, "TestMetricFilter", reply: ["matches": [["eventNumber": 1], ["eventNumber": 2]]])
        } else {
            aws.on(.logs, "TestMetricFilter", error: "500", status: 500)  // an endpoint that lacks it (moto)
        }
        aws.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [alarm]])
        aws.on(.cloudwatch, "DescribeAlarmsForMetric", reply: ["MetricAlarms": [alarm]])
        if historySupported {
            aws.on(.cloudwatch, "DescribeAlarmHistory", reply: ["AlarmHistoryItems": []])
        } else {
            aws.on(.cloudwatch, "DescribeAlarmHistory", error: "500", status: 500)
        }
        var attributes: [String: AWSValue] = ["TopicArn": .string(Self.topicArn), "Policy": .string(topicPolicy)]
        if let kmsKey { attributes["KmsMasterKeyId"] = .string(kmsKey) }
        aws.on(.sns, "GetTopicAttributes", reply: ["Attributes": .map(attributes)])
        aws.on(.sns, "ListSubscriptionsByTopic", reply: ["Subscriptions": .list(subscriptions.enumerated().map { i, s in
            ["SubscriptionArn": .string(s.1 ? "PendingConfirmation" : "\(Self.topicArn):sub-\(i)"), "Protocol": "email",
             "Endpoint": .string(s.0), "TopicArn": .string(Self.topicArn)]
        })])
        aws.on(.sns, "GetSubscriptionAttributes", reply: ["Attributes": ["PendingConfirmation": "false"]])
        aws.on(.cloudwatch, "GetMetricStatistics", reply: ["Datapoints": failedNotifications.map { [["Sum": .double($0)]] } ?? []])
    }

    var alarm: AWSValue {
        ["AlarmName": "secret-read-alarm", "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:secret-read-alarm",
         "Namespace": "SecMon", "MetricName": "SecretIsAccessed", "Statistic": .string(statistic), "Period": 300,
         "EvaluationPeriods": 1, "DatapointsToAlarm": 1, "Threshold": 1.0,
         "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
         "ActionsEnabled": .bool(actionsEnabled), "AlarmActions": .list(alarmActions.map { .string($0) }),
         "StateValue": .string(alarmState), "StateUpdatedTimestamp": .timestamp(Self.now.addingTimeInterval(-3_600))]
    }

    /// Runs doctor on this fixture.
    func checklist(matcher: (any FilterPatternMatching)? = MatchesSecretReads(), target: PipelineTarget = Self.target) async -> (Checklist, FakeAWS) {
        let aws = FakeAWS()
        install(on: aws)
        let doctor = Doctor(client: aws, matcher: matcher, now: { Self.now })
        return (await doctor.check(target), aws)
    }
}

/// A stand-in for SecmonAlerts' evaluator: matches any event that is a GetSecretValue of
/// TopSecretInfo, unless the pattern says "never".
struct MatchesSecretReads: FilterPatternMatching {
    struct Invalid: Error, CustomStringConvertible { var description: String { "unbalanced braces at 1:1" } }
    func matches(pattern: String, message: String) throws -> Bool {
        if pattern.hasPrefix("{{") { throw Invalid() }
        if pattern == "never" { return false }
        return message.contains("\"GetSecretValue\"") && message.contains("TopSecretInfo")
    }
}

extension Checklist {
    func status(_ id: String) -> LinkStatus? { checks.first { $0.id == id }?.status }
    func check(_ id: String) -> LinkCheck? { checks.first { $0.id == id } }
    var failing: [String] { checks.filter { $0.status == .fail }.map(\.id) }
    var notOK: [String] { checks.filter { $0.status != .ok }.map(\.id) }
}
