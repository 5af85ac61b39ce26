import AWSClient
import XCTest
@testable import SecmonDoctor

final class PolicyAndSelectorTests: XCTestCase {
    func testPercentEncodedPolicyIsDecoded() {
        let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"
        XCTAssertEqual(PolicyDocument(json: encoded)?.statements.first?.matchesAction("sts:AssumeRole"), true)
        XCTAssertNil(PolicyDocument(json: "not json"))
    }

    func testWildcardsFollowIAM() {
        XCTAssertTrue(Glob.matches("logs:*", "logs:putlogevents", caseInsensitive: true))
        XCTAssertTrue(Glob.matches("arn:aws:logs:*:*:log-group:g:*", "arn:aws:logs:us-east-1:1:log-group:g:log-stream:x", caseInsensitive: false))
        XCTAssertFalse(Glob.matches("arn:aws:logs:*:*:log-group:g:*", "arn:aws:logs:us-east-1:1:log-group:other:log-stream:x", caseInsensitive: false))
        XCTAssertTrue(Glob.matches("a?c", "abc", caseInsensitive: false))
    }

    func testDefaultTopicPolicyLetsTheAccountsAlarmsPublish() {
        let policy = PolicyDocument(json: #"{"Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"arn:aws:sns:us-east-1:111:t","Condition":{"StringEquals":{"AWS:SourceOwner":"111"}}}]}"#)
        let access = TopicPublishAccess(policy: policy!, topicArn: "arn:aws:sns:us-east-1:111:t", account: "111", alarmArn: nil)
        XCTAssertEqual(access.evaluate(), .allowed("statement __default_statement_ID lets any principal of account 111 publish"))
        let other = TopicPublishAccess(policy: policy!, topicArn: "arn:aws:sns:us-east-1:111:t", account: "222", alarmArn: nil)
        XCTAssertEqual(other.evaluate(), .denied("no statement of the topic policy lets cloudwatch.amazonaws.com publish"))
    }

    func testSourceArnConditionMustCoverTheAlarm() {
        let policy = PolicyDocument(json: #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:111:alarm:other-*"}}}]}"#)!
        let access = TopicPublishAccess(policy: policy, topicArn: "arn:aws:sns:us-east-1:111:t", account: "111",
                                        alarmArn: "arn:aws:cloudwatch:us-east-1:111:alarm:secret-read-alarm")
        guard case .denied = access.evaluate() else { return XCTFail() }
    }

    func testEmptySelectorsMeanTheDefaultAllManagementEvents() {
        let coverage = ManagementEventCoverage(EventSelectorsPart(reply: ["EventSelectors": [], "AdvancedEventSelectors": []]))
        XCTAssertTrue(coverage.read && coverage.write)
    }

    func testExcludingSecretsManagerDropsItsEvents() {
        let coverage = ManagementEventCoverage(EventSelectorsPart(reply: ["EventSelectors": [[
            "ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": ["secretsmanager.amazonaws.com"],
        ]]]))
        XCTAssertFalse(coverage.read || coverage.write)
    }

    func testAdvancedSelectors() {
        func coverage(_ fields: AWSValue) -> ManagementEventCoverage {
            ManagementEventCoverage(EventSelectorsPart(reply: ["AdvancedEventSelectors": [["FieldSelectors": fields]]]))
        }
        let all = coverage([["Field": "eventCategory", "Equals": ["Management"]]])
        XCTAssertTrue(all.read && all.write)
        let readOnly = coverage([["Field": "eventCategory", "Equals": ["Management"]], ["Field": "readOnly", "Equals": ["true"]]])
        XCTAssertTrue(readOnly.read && !readOnly.write)
        let writeOnly = coverage([["Field": "eventCategory", "Equals": ["Management"]], ["Field": "readOnly", "Equals": ["false"]]])
        XCTAssertTrue(!writeOnly.read && writeOnly.write)
        let dataOnly = coverage([["Field": "eventCategory", "Equals": ["Data"]]])
        XCTAssertFalse(dataOnly.read || dataOnly.write)
        let excluded = coverage([["Field": "eventCategory", "Equals": ["Management"]], ["Field": "eventSource", "NotEquals": ["secretsmanager.amazonaws.com"]]])
        XCTAssertFalse(excluded.read)
    }

    func testSampleEventIsARealisticCloudTrailRecord() throws {
        let event = SecretReadEvent(secretId: "TopSecretInfo", secretArn: "arn:aws:secretsmanager:us-east-1:1:secret:TopSecretInfo-x",
                                    account: "1", region: "us-east-1", time: Date(timeIntervalSince1970: 0), eventID: "e-1")
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(event.json.utf8)) as? [String: Any])
        XCTAssertEqual(record["eventName"] as? String, "GetSecretValue")
        XCTAssertEqual(record["eventSource"] as? String, "secretsmanager.amazonaws.com")
        XCTAssertEqual((record["requestParameters"] as? [String: Any])?["secretId"] as? String, "TopSecretInfo")
        XCTAssertEqual(record["eventTime"] as? String, "1970-01-01T00:00:00Z")
        XCTAssertNil(record["errorCode"])
    }
}
