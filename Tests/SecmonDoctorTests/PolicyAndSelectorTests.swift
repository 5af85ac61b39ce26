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
        let access = ResourcePolicyAccess(policy: policy!, resourceArn: "arn:aws:sns:us-east-1:111:t", account: "111", sourceArn: nil)
        XCTAssertEqual(access.evaluate(), .allowed("statement __default_statement_ID lets any principal of account 111 publish"))
        let other = ResourcePolicyAccess(policy: policy!, resourceArn: "arn:aws:sns:us-east-1:111:t", account: "222", sourceArn: nil)
        XCTAssertEqual(other.evaluate(), .denied("no statement of the topic policy lets cloudwatch.amazonaws.com publish"))
    }

    func testSourceArnConditionMustCoverTheAlarm() {
        let policy = PolicyDocument(json: #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:111:alarm:other-*"}}}]}"#)!
        let access = ResourcePolicyAccess(policy: policy, resourceArn: "arn:aws:sns:us-east-1:111:t", account: "111",
                                        sourceArn: "arn:aws:cloudwatch:us-east-1:111:alarm:secret-read-alarm")
        guard case .denied = access.evaluate() else { return XCTFail() }
    }

    // The one evaluator (issue 15): explicit Deny wins, conditions on the modelled keys count.

    private func decide(_ json: String, _ request: PolicyRequest) -> PolicyDecision {
        PolicyEvaluator.evaluate([PolicyDocument(json: json)!], request)
    }

    private let assume = PolicyRequest(service: "cloudtrail.amazonaws.com", action: "sts:AssumeRole",
                                       context: ["aws:SourceArn": "arn:aws:cloudtrail:us-east-1:1:trail/t", "aws:SourceAccount": "1"])

    func testAnExplicitDenyWinsOverAnyAllow() {
        let decision = decide(#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*"},{"Sid":"no","Effect":"Deny","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:Assume*"}]}"#, assume)
        guard case .explicitlyDenied(let statement) = decision else { return XCTFail("\(decision)") }
        XCTAssertEqual(statement.label, "no")
    }

    func testConditionOperators() {
        func allowed(_ condition: String) -> PolicyDecision {
            decide(#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole","Condition":"# + condition + "}]}", assume)
        }
        let cases: [(String, Bool)] = [
            (#"{"StringEquals":{"aws:SourceAccount":"1"}}"#, true),
            (#"{"StringEquals":{"aws:SourceAccount":["2","1"]}}"#, true),
            (#"{"StringEquals":{"AWS:SOURCEACCOUNT":"2"}}"#, false),
            (#"{"StringNotEquals":{"aws:SourceAccount":"2"}}"#, true),
            (#"{"StringLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:1:trail/*"}}"#, true),
            (#"{"ArnEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:1:trail/other"}}"#, false),
            (#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:2:*"}}"#, true),
            (#"{"StringEqualsIgnoreCase":{"aws:SourceArn":"ARN:AWS:CLOUDTRAIL:US-EAST-1:1:TRAIL/T"}}"#, true),
            (#"{"StringEquals":{"aws:SourceOwner":"1"}}"#, false),
            (#"{"StringEqualsIfExists":{"aws:SourceOwner":"1"}}"#, true),
            (#"{"StringEquals":{"aws:SourceAccount":"1"},"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:1:trail/other"}}"#, false),
        ]
        for (condition, allows) in cases {
            if case .allowed = allowed(condition) { XCTAssertTrue(allows, condition) } else { XCTAssertFalse(allows, condition) }
        }
        guard case .undetermined = allowed(#"{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}"#) else { return XCTFail("unmodelled key") }
        guard case .undetermined = allowed(#"{"DateGreaterThan":{"aws:SourceAccount":"1"}}"#) else { return XCTFail("unmodelled operator") }
    }

    func testADenyDoctorCannotEvaluateMakesAnAllowUndetermined() {
        let decision = decide(#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}}]}"#, assume)
        guard case .undetermined = decision else { return XCTFail("\(decision)") }
    }

    func testADenyOnTheTopicWins() {
        let policy = PolicyDocument(json: #"{"Statement":[{"Sid":"all","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"*"},{"Sid":"block","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111:t","Condition":{"StringEquals":{"aws:SourceAccount":"111"}}}]}"#)!
        let access = ResourcePolicyAccess(policy: policy, resourceArn: "arn:aws:sns:us-east-1:111:t", account: "111", sourceArn: nil)
        XCTAssertEqual(access.evaluate(), .denied("statement block denies sns:Publish to cloudwatch.amazonaws.com"))
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
