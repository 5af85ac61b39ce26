import Foundation
import XCTest
@testable import AWSClient

final class JSONProtocolTests: XCTestCase {
    func testLogsPutMetricFilterIsAJSON11PostWithTheTarget() throws {
        let request = try encode(.logs, "PutMetricFilter", [
            "logGroupName": "/aws/cloudtrail/secmon",
            "filterName": "secret-read",
            "filterPattern": "{ $.eventName = \"GetSecretValue\" }",
            "metricTransformations": [[
                "metricName": "SecretRead", "metricNamespace": "Secmon", "metricValue": "1", "defaultValue": 0,
            ]],
        ])
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/")
        XCTAssertNil(request.bucket)
        XCTAssertEqual(header(request, "Content-Type"), "application/x-amz-json-1.1")
        XCTAssertEqual(header(request, "X-Amz-Target"), "Logs_20140328.PutMetricFilter")
        XCTAssertNil(header(request, "x-amzn-query-mode"))
        XCTAssertEqual(bodyText(request), #"{"logGroupName":"/aws/cloudtrail/secmon","filterName":"secret-read","#
            + #""filterPattern":"{ $.eventName = \"GetSecretValue\" }","metricTransformations":[{"#
            + #""metricName":"SecretRead","metricNamespace":"Secmon","metricValue":"1","defaultValue":0}]}"#)
    }

    func testCloudWatchPutMetricAlarmIsJSON10() throws {
        let request = try encode(.cloudwatch, "PutMetricAlarm", [
            "AlarmName": "secret-read", "MetricName": "SecretRead", "Namespace": "Secmon", "Statistic": "Sum",
            "Period": 300, "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:secmon"],
            "ActionsEnabled": true,
        ])
        XCTAssertEqual(header(request, "Content-Type"), "application/x-amz-json-1.0")
        XCTAssertEqual(header(request, "X-Amz-Target"), "GraniteServiceVersion20100801.PutMetricAlarm")
        XCTAssertEqual(header(request, "x-amzn-query-mode"), "true")
        XCTAssertEqual(bodyText(request), #"{"AlarmName":"secret-read","ActionsEnabled":true,"#
            + #""AlarmActions":["arn:aws:sns:us-east-1:123456789012:secmon"],"MetricName":"SecretRead","#
            + #""Namespace":"Secmon","Statistic":"Sum","Period":300,"EvaluationPeriods":1,"Threshold":1,"#
            + #""ComparisonOperator":"GreaterThanOrEqualToThreshold","TreatMissingData":"notBreaching"}"#)
    }

    func testTimestampsAreEpochSecondsAndBlobsBase64() throws {
        let request = try encode(.cloudwatch, "GetMetricStatistics", [
            "Namespace": "Secmon", "MetricName": "SecretRead", "Period": 60, "Statistics": ["Sum"],
            "StartTime": .timestamp(Date(timeIntervalSince1970: 1_795_607_821.5)),
            "EndTime": .timestamp(Date(timeIntervalSince1970: 1_795_607_900)),
        ])
        let body = bodyText(request)
        XCTAssertTrue(body.contains(#""StartTime":1795607821.5"#), body)
        XCTAssertTrue(body.contains(#""EndTime":1795607900,"#), body)
        let secret = try encode(.secretsmanager, "PutSecretValue", [
            "SecretId": "s", "SecretBinary": .blob(Data([0, 1, 2, 255])),
            "ClientRequestToken": "00000000-0000-4000-8000-000000000001",
        ])
        XCTAssertTrue(bodyText(secret).contains(#""SecretBinary":"AAEC/w==""#), bodyText(secret))
    }

    func testEmptyInputIsAnEmptyObjectAndTokensAreFilled() throws {
        XCTAssertEqual(bodyText(try encode(.cloudtrail, "ListTrails", .null)), "{}")
        let create = try encode(.secretsmanager, "CreateSecret", ["Name": "secmon/demo"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: create.body) as? [String: Any])
        let token = try XCTUnwrap(object["ClientRequestToken"] as? String)
        XCTAssertEqual(token.count, 36)
        let given = try encode(.secretsmanager, "CreateSecret", [
            "Name": "secmon/demo", "ClientRequestToken": "00000000-0000-4000-8000-000000000002",
        ])
        XCTAssertTrue(bodyText(given).contains(#""ClientRequestToken":"00000000-0000-4000-8000-000000000002""#))
    }

    func testStringsAreEscaped() throws {
        let request = try encode(.secretsmanager, "UpdateSecret", ["SecretId": "s", "Description": "a\"b\\c\nd\u{1}é"])
        XCTAssertTrue(bodyText(request).contains(#""Description":"a\"b\\c\nd\u0001é""#), bodyText(request))
    }

    func testCloudTrailGetTrailStatusDecodesTimestampsAndStrings() throws {
        // As CloudTrail answers: timestamps as epoch seconds with a fraction; the *Attempt* and
        // TimeLogging* members are strings in the model.
        let reply = try decode(.cloudtrail, "GetTrailStatus", body: """
            {"IsLogging":true,"LatestDeliveryTime":1795607821.889,"StartLoggingTime":1795600000,
             "LatestCloudWatchLogsDeliveryTime":1.795607830E9,"LatestDeliveryAttemptTime":"2026-11-25T11:57:01Z",
             "TimeLoggingStarted":"2026-11-25T09:46:40Z","TimeLoggingStopped":"","LatestDeliveryError":null,
             "SomethingNew":{"x":1}}
            """)
        XCTAssertEqual(reply["IsLogging"], true)
        XCTAssertEqual(reply["LatestDeliveryTime"].date?.timeIntervalSince1970 ?? 0, 1_795_607_821.889, accuracy: 0.0005)
        XCTAssertEqual(reply["StartLoggingTime"], .timestamp(Date(timeIntervalSince1970: 1_795_600_000)))
        XCTAssertEqual(reply["LatestCloudWatchLogsDeliveryTime"], .timestamp(Date(timeIntervalSince1970: 1_795_607_830)))
        XCTAssertEqual(reply["LatestDeliveryAttemptTime"], "2026-11-25T11:57:01Z")
        XCTAssertEqual(reply["TimeLoggingStopped"], "")
        XCTAssertTrue(reply["LatestDeliveryError"].isNull)
        XCTAssertTrue(reply["SomethingNew"].isNull)
    }

    func testNestedListsMapsAndLongs() throws {
        let reply = try decode(.logs, "DescribeLogGroups", body: """
            {"logGroups":[{"logGroupName":"/secmon","creationTime":1795607821889,"retentionInDays":30,
              "arn":"arn:aws:logs:us-east-1:123456789012:log-group:/secmon:*","storedBytes":0}],"nextToken":"n"}
            """)
        XCTAssertEqual(reply["logGroups"][0]["logGroupName"], "/secmon")
        XCTAssertEqual(reply["logGroups"][0]["creationTime"], .integer(1_795_607_821_889))
        XCTAssertEqual(reply["logGroups"][0]["retentionInDays"], 30)
        XCTAssertEqual(reply["nextToken"], "n")
        let tags = try decode(.logs, "ListTagsForResource", body: #"{"tags":{"secmon:stack":"demo"}}"#)
        XCTAssertEqual(tags["tags"], ["secmon:stack": "demo"])
    }

    func testAbsurdNumbersAreLeftOutNotTrapped() throws {
        let reply = try decode(.logs, "DescribeLogGroups", body: """
            {"logGroups":[{"logGroupName":"a","creationTime":1e300,"retentionInDays":7.9,"storedBytes":-1e19}]}
            """)
        XCTAssertTrue(reply["logGroups"][0]["creationTime"].isNull)
        XCTAssertEqual(reply["logGroups"][0]["retentionInDays"], 7)
        XCTAssertTrue(reply["logGroups"][0]["storedBytes"].isNull)
        let status = try decode(.cloudtrail, "GetTrailStatus", body: #"{"StartLoggingTime":1e300,"StopLoggingTime":-5}"#)
        XCTAssertTrue(status["StartLoggingTime"].isNull)
        XCTAssertEqual(status["StopLoggingTime"], .timestamp(Date(timeIntervalSince1970: -5)))
        XCTAssertNil(AWSValue.double(1e300).int)
        XCTAssertEqual(AWSValue.double(42).int, 42)
    }

    func testEmptySuccessBodyIsAnEmptyReply() throws {
        XCTAssertEqual(try decode(.logs, "DeleteLogGroup", body: ""), .map([:]))
        XCTAssertEqual(try decode(.events, "DescribeRule", body: ""), .map([:]))
    }

    func testUnreadableSuccessBodyIsADecodingError() throws {
        XCTAssertThrowsError(try decode(.logs, "DescribeLogGroups", body: "<html>oops</html>")) { error in
            let e = error as? AWSError
            XCTAssertEqual(e?.kind, .decoding)
            XCTAssertEqual(e?.code, "UnreadableReply")
        }
    }

    // MARK: errors

    func testSecretsManagerErrorWithTypeAndLowercaseMessage() throws {
        let e = try decodeError(.secretsmanager, "DescribeSecret", status: 400,
                                headers: ["x-amzn-requestid": "req-1"],
                                body: #"{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}"#)
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.service, "secretsmanager")
        XCTAssertEqual(e.operation, "DescribeSecret")
        XCTAssertEqual(e.code, "ResourceNotFoundException")
        XCTAssertEqual(e.message, "Secrets Manager can't find the specified secret.")
        XCTAssertEqual(e.status, 400)
        XCTAssertEqual(e.requestID, "req-1")
    }

    func testNamespacedTypeAndCapitalMessage() throws {
        let e = try decodeError(.events, "DescribeRule", status: 400,
                                body: #"{"__type":"com.amazonaws.events#ResourceNotFoundException:http://internal","Message":"Rule nope does not exist."}"#)
        XCTAssertEqual(e.code, "ResourceNotFoundException")
        XCTAssertEqual(e.message, "Rule nope does not exist.")
    }

    func testErrorTypeHeaderWinsOverBody() throws {
        let e = try decodeError(.logs, "DeleteLogGroup", status: 400,
                                headers: ["x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/"],
                                body: #"{"message":"The specified log group does not exist."}"#)
        XCTAssertEqual(e.code, "ResourceNotFoundException")
        XCTAssertEqual(e.message, "The specified log group does not exist.")
    }

    func testQueryCompatibleServicesReportTheQueryCode() throws {
        let sqs = try decodeError(.sqs, "GetQueueUrl", status: 400,
                                  headers: ["x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"],
                                  body: #"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#)
        XCTAssertEqual(sqs.code, "AWS.SimpleQueueService.NonExistentQueue")
        let cw = try decodeError(.cloudwatch, "SetAlarmState", status: 404,
                                 body: #"{"__type":"GraniteServiceVersion20100801#ResourceNotFound","Message":"Alarm nope not found"}"#)
        XCTAssertEqual(cw.code, "ResourceNotFound")
        XCTAssertEqual(cw.message, "Alarm nope not found")
    }

    func testMessageWhitespaceIsCollapsed() throws {
        let e = try decodeError(.secretsmanager, "DeleteSecret", status: 400,
                                body: #"{"__type":"InvalidParameterException","message":"An error   occurred\n  here"}"#)
        XCTAssertEqual(e.message, "An error occurred here")
    }

    func testHTMLServerErrorBecomesATypedError() throws {
        let page = """
            <!doctype html>
            <html lang=en>
            <title>500 Internal Server Error</title>
            <h1>Internal Server Error</h1>
            <p>The server encountered an internal error and was unable to complete your request.</p>
            """
        let e = try decodeError(.cloudtrail, "LookupEvents", status: 500, headers: ["x-amzn-requestid": "r"], body: page)
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.code, "HTTP500")
        XCTAssertEqual(e.message, "Internal Server Error: 500 Internal Server Error")
        XCTAssertEqual(e.status, 500)
        XCTAssertEqual(e.requestID, "r")
    }

    func testEmptyErrorBody() throws {
        let e = try decodeError(.logs, "DescribeLogGroups", status: 503, body: "")
        XCTAssertEqual(e.code, "HTTP503")
        XCTAssertEqual(e.message, "Service Unavailable (the reply had no body)")
    }

    func testJSONWithoutACodeIsTreatedAsNonAWS() throws {
        let e = try decodeError(.logs, "DescribeLogGroups", status: 502, body: #"{"error":"bad gateway"}"#)
        XCTAssertEqual(e.code, "HTTP502")
        XCTAssertTrue(e.message.hasPrefix("Bad Gateway: "), e.message)
    }
}
