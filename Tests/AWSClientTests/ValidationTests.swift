import Foundation
import XCTest
@testable import AWSClient

final class ValidationTests: XCTestCase {
    private func violation(_ service: AWSService, _ operation: String, _ input: AWSValue,
                           file: StaticString = #filePath, line: UInt = #line) throws -> AWSError? {
        do {
            _ = try encode(service, operation, input)
            return nil
        } catch let error as AWSError {
            return error
        }
    }

    private let alarm: [String: AWSValue] = [
        "AlarmName": "secret-read", "MetricName": "SecretRead", "Namespace": "Secmon", "Statistic": "Sum",
        "Period": 300, "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    ]

    func testAValidInputPasses() throws {
        XCTAssertNil(try violation(.cloudwatch, "PutMetricAlarm", .map(alarm)))
    }

    func testMissingRequiredMember() throws {
        let e = try XCTUnwrap(try violation(.logs, "PutMetricFilter", [
            "logGroupName": "/secmon", "filterPattern": .null, "metricTransformations": [["metricName": "m"]],
        ]))
        XCTAssertEqual(e.kind, .validation)
        XCTAssertEqual(e.service, "logs")
        XCTAssertEqual(e.operation, "PutMetricFilter")
        XCTAssertEqual(e.code, "InvalidInput")
        XCTAssertTrue(e.message.hasPrefix("4 problems: filterName is required but missing; "
            + "filterPattern is required but missing; metricTransformations.0.metricNamespace is required but missing; "
            + "metricTransformations.0.metricValue is required but missing"), e.message)
        XCTAssertTrue(e.message.contains("nothing was sent"), e.message)
    }

    func testTooLongStringNamesTheLimit() throws {
        var input = alarm
        input["AlarmName"] = .string(String(repeating: "a", count: 256))
        let e = try XCTUnwrap(try violation(.cloudwatch, "PutMetricAlarm", .map(input)))
        XCTAssertEqual(e.message, "AlarmName must have at most 255 characters (got 256) "
            + "(checked against the cloudwatch model; nothing was sent)")
    }

    func testBadEnumValue() throws {
        var input = alarm
        input["TreatMissingData"] = "whatever"  // TreatMissingData has no enum in the model; Statistic has
        input["Statistic"] = "Total"
        let e = try XCTUnwrap(try violation(.cloudwatch, "PutMetricAlarm", .map(input)))
        XCTAssertTrue(e.message.contains("Statistic must be one of SampleCount, Average, Sum, Minimum, Maximum (got \"Total\")"),
                      e.message)
    }

    func testOutOfRangeNumberWithNestedPath() throws {
        let e = try XCTUnwrap(try violation(.cloudwatch, "GetMetricData", [
            "StartTime": .timestamp(Date(timeIntervalSince1970: 0)), "EndTime": .timestamp(Date(timeIntervalSince1970: 60)),
            "MetricDataQueries": [["Id": "m1", "MetricStat": [
                "Metric": ["Namespace": "Secmon", "MetricName": "SecretRead"], "Period": 0, "Stat": "Sum",
            ]]],
        ]))
        XCTAssertTrue(e.message.hasPrefix("MetricDataQueries.0.MetricStat.Period must be at least 1 (got 0)"), e.message)
    }

    func testListCountAndWrongType() throws {
        let names = AWSValue.list((0...100).map { .string("alarm-\($0)") })
        let e = try XCTUnwrap(try violation(.cloudwatch, "DescribeAlarms", ["AlarmNames": names, "MaxRecords": "10"]))
        XCTAssertTrue(e.message.contains("AlarmNames must have at most 100 items (got 101)"), e.message)
        XCTAssertTrue(e.message.contains("MaxRecords must be an integer, not a string"), e.message)
    }

    func testUnknownMemberIsNamedWithTheShape() throws {
        let e = try XCTUnwrap(try violation(.logs, "CreateLogGroup", ["logGroupName": "/secmon", "groupName": "/x"]))
        XCTAssertTrue(e.message.hasPrefix("groupName is not a member of CreateLogGroupRequest (members: logGroupName,"),
                      e.message)
    }

    func testMiscasedMemberGetsASuggestion() throws {
        let e = try XCTUnwrap(try violation(.logs, "CreateLogGroup", ["LogGroupName": "/secmon"]))
        XCTAssertTrue(e.message.contains("LogGroupName is not a member of CreateLogGroupRequest; did you mean logGroupName?"),
                      e.message)
    }

    func testEmptyPathLabelsAndNullMapValues() throws {
        let bucket = try XCTUnwrap(try violation(.s3, "GetBucketPolicy", ["Bucket": ""]))
        XCTAssertTrue(bucket.message.hasPrefix("Bucket must not be empty: it is part of the request path"), bucket.message)
        let tags = try XCTUnwrap(try violation(.logs, "TagResource", ["resourceArn": "arn:aws:logs:us-east-1:1:log-group:g",
                                                                     "tags": ["a": .null]]))
        XCTAssertTrue(tags.message.hasPrefix("tags.a is null; maps cannot hold nulls"), tags.message)
    }

    func testPatternsAreChecked() throws {
        let e = try XCTUnwrap(try violation(.logs, "CreateLogGroup", ["logGroupName": "has spaces"]))
        XCTAssertEqual(e.message, #"logGroupName must match the pattern [\.\-_/#A-Za-z0-9]+ (got "has spaces") "#
            + "(checked against the logs model; nothing was sent)")
    }

    func testPatternsMatchTheWholeValue() throws {
        XCTAssertNil(try violation(.logs, "CreateLogGroup", ["logGroupName": "/aws/cloudtrail/secmon#1"]))
        var input = alarm
        input["Namespace"] = "Secmon\nsecond line"  // "[^:].*": "." must cross the newline
        XCTAssertNil(try violation(.cloudwatch, "PutMetricAlarm", .map(input)))
        input["Namespace"] = ":Secmon"
        let e = try XCTUnwrap(try violation(.cloudwatch, "PutMetricAlarm", .map(input)))
        XCTAssertTrue(e.message.hasPrefix("Namespace must match the pattern [^:].*"), e.message)
    }

    func testPatternsICUWouldMisreadAreSkipped() {
        XCTAssertNil(PatternCache.regex(#"[\u0020-\u007E\u10000-\u10FFFF]+"#))
        XCTAssertNotNil(PatternCache.regex(#"[\u0020-\u007E]+"#))
    }

    func testSensitiveValuesAreNeverQuoted() throws {
        let e = try XCTUnwrap(try violation(.secretsmanager, "CreateSecret", [
            "Name": "s", "SecretString": .string(String(repeating: "p", count: 70_000)),
        ]))
        XCTAssertTrue(e.message.contains("SecretString must have at most 65536 characters (got 70000)"), e.message)
        XCTAssertFalse(e.message.contains("ppp"), e.message)
    }

    func testMapKeysAndValuesAreChecked() throws {
        let e = try XCTUnwrap(try violation(.logs, "TagResource", [
            "resourceArn": "arn:aws:logs:us-east-1:123456789012:log-group:/secmon",
            "tags": ["ok": "v", .init(stringLiteral: String(repeating: "k", count: 129)): "v"],
        ]))
        XCTAssertTrue(e.message.contains("(key) must have at most 128 characters (got 129)"), e.message)
    }

    func testUnionsSetExactlyOneMember() throws {
        var input = alarm
        input["EvaluationCriteria"] = [:]
        let e = try XCTUnwrap(try violation(.cloudwatch, "PutMetricAlarm", .map(input)))
        XCTAssertTrue(e.message.hasPrefix("EvaluationCriteria must set exactly one of PromQLCriteria (got 0)"), e.message)
        input["EvaluationCriteria"] = ["PromQLCriteria": ["Query": "up == 0"]]
        XCTAssertNil(try violation(.cloudwatch, "PutMetricAlarm", .map(input)))
    }

    func testNonStructureInput() throws {
        let e = try XCTUnwrap(try violation(.logs, "CreateLogGroup", "just a string"))
        XCTAssertTrue(e.message.hasPrefix("the input must be a structure, not a string"), e.message)
    }
}

private extension String {
    init(stringLiteral s: String) { self = s }
}
