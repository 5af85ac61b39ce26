import Foundation
import XCTest
@testable import AWSClient

final class QueryProtocolTests: XCTestCase {
    func testSNSSubscribeWithAnAttributesMap() throws {
        let request = try encode(.sns, "Subscribe", [
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:secmon",
            "Protocol": "email", "Endpoint": "security-team@example.com",
            "Attributes": ["RawMessageDelivery": "false", "FilterPolicy": #"{"a":["b c"]}"#],
            "ReturnSubscriptionArn": true,
        ])
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/")
        XCTAssertEqual(header(request, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8")
        XCTAssertEqual(bodyText(request),
            "Action=Subscribe&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Asecmon"
            + "&Protocol=email&Endpoint=security-team%40example.com"
            + "&Attributes.entry.1.key=FilterPolicy&Attributes.entry.1.value=%7B%22a%22%3A%5B%22b%20c%22%5D%7D"
            + "&Attributes.entry.2.key=RawMessageDelivery&Attributes.entry.2.value=false"
            + "&ReturnSubscriptionArn=true")
    }

    func testIAMCreateRoleWithATagsList() throws {
        let policy = #"{"Version":"2012-10-17","Statement":[]}"#
        let request = try encode(.iam, "CreateRole", [
            "RoleName": "secmon-cloudtrail", "AssumeRolePolicyDocument": .string(policy),
            "Tags": [["Key": "secmon:stack", "Value": "demo"], ["Key": "owner", "Value": "sec"]],
            "MaxSessionDuration": 3600,
        ])
        XCTAssertEqual(formPairs(request), [
            "Action=CreateRole", "Version=2010-05-08", "RoleName=secmon-cloudtrail",
            "AssumeRolePolicyDocument=\(policy)", "MaxSessionDuration=3600",
            "Tags.member.1.Key=secmon:stack", "Tags.member.1.Value=demo",
            "Tags.member.2.Key=owner", "Tags.member.2.Value=sec",
        ])
    }

    func testEmptyListsAndTimestamps() throws {
        let untag = try encode(.iam, "UntagRole", ["RoleName": "r", "TagKeys": []])
        XCTAssertEqual(formPairs(untag), ["Action=UntagRole", "Version=2010-05-08", "RoleName=r", "TagKeys="])
        let sts = try encode(.sts, "GetCallerIdentity", .null)
        XCTAssertEqual(bodyText(sts), "Action=GetCallerIdentity&Version=2011-06-15")
    }

    func testSNSListSubscriptionsByTopicReply() throws {
        let reply = try decode(.sns, "ListSubscriptionsByTopic", body: """
            <ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <ListSubscriptionsByTopicResult>
                <Subscriptions>
                  <member>
                    <TopicArn>arn:aws:sns:us-east-1:123456789012:secmon</TopicArn>
                    <Protocol>email</Protocol>
                    <SubscriptionArn>PendingConfirmation</SubscriptionArn>
                    <Owner>123456789012</Owner>
                    <Endpoint>security-team@example.com</Endpoint>
                  </member>
                  <member>
                    <TopicArn>arn:aws:sns:us-east-1:123456789012:secmon</TopicArn>
                    <Protocol>sqs</Protocol>
                    <SubscriptionArn>arn:aws:sns:us-east-1:123456789012:secmon:0b4f5e1c</SubscriptionArn>
                    <Owner>123456789012</Owner>
                    <Endpoint>arn:aws:sqs:us-east-1:123456789012:q</Endpoint>
                  </member>
                </Subscriptions>
                <NextToken>token&amp;more</NextToken>
              </ListSubscriptionsByTopicResult>
              <ResponseMetadata><RequestId>384ac68d-3775-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
            </ListSubscriptionsByTopicResponse>
            """)
        XCTAssertEqual(reply["Subscriptions"].list.count, 2)
        XCTAssertEqual(reply["Subscriptions"][0]["SubscriptionArn"], "PendingConfirmation")
        XCTAssertEqual(reply["Subscriptions"][0]["Endpoint"], "security-team@example.com")
        XCTAssertEqual(reply["Subscriptions"][1]["Protocol"], "sqs")
        XCTAssertEqual(reply["NextToken"], "token&more")
    }

    func testSNSGetTopicAttributesMapReply() throws {
        let reply = try decode(.sns, "GetTopicAttributes", body: """
            <GetTopicAttributesResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <GetTopicAttributesResult><Attributes>
                <entry><key>DisplayName</key><value>secmon</value></entry>
                <entry><key>SubscriptionsPending</key><value>1</value></entry>
              </Attributes></GetTopicAttributesResult>
            </GetTopicAttributesResponse>
            """)
        XCTAssertEqual(reply["Attributes"], ["DisplayName": "secmon", "SubscriptionsPending": "1"])
    }

    func testIAMGetRoleDecodesTypesAndTheURLEncodedPolicy() throws {
        let reply = try decode(.iam, "GetRole", body: """
            <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <GetRoleResult>
                <Role>
                  <Path>/</Path>
                  <AssumeRolePolicyDocument>%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%7B%22Effect%22%3A%20%22Allow%22%2C%20%22Principal%22%3A%20%7B%22Service%22%3A%20%22cloudtrail.amazonaws.com%22%7D%2C%20%22Action%22%3A%20%22sts%3AAssumeRole%22%7D%5D%7D</AssumeRolePolicyDocument>
                  <MaxSessionDuration>3600</MaxSessionDuration>
                  <RoleId>AROA1234567890EXAMPLE</RoleId>
                  <RoleName>secmon-cloudtrail</RoleName>
                  <Arn>arn:aws:iam::123456789012:role/secmon-cloudtrail</Arn>
                  <CreateDate>2026-11-25T11:57:01.889110Z</CreateDate>
                  <Tags><member><Key>secmon:stack</Key><Value>demo</Value></member></Tags>
                  <RoleLastUsed/>
                </Role>
              </GetRoleResult>
              <ResponseMetadata><RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE04</RequestId></ResponseMetadata>
            </GetRoleResponse>
            """)
        let role = reply["Role"]
        XCTAssertEqual(role["RoleName"], "secmon-cloudtrail")
        XCTAssertEqual(role["MaxSessionDuration"], 3600)
        XCTAssertEqual(role["Tags"], [["Key": "secmon:stack", "Value": "demo"]])
        XCTAssertEqual(role["AssumeRolePolicyDocument"], .string(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#))
        XCTAssertEqual(role["CreateDate"].date?.timeIntervalSince1970 ?? 0,
                       date("2026-11-25T11:57:01Z").timeIntervalSince1970 + 0.88911, accuracy: 0.000_01)
        XCTAssertEqual(role["RoleLastUsed"], .map([:]))
    }

    func testIAMListRolePoliciesBooleansAndStringLists() throws {
        let reply = try decode(.iam, "ListRolePolicies", body: """
            <ListRolePoliciesResponse><ListRolePoliciesResult>
              <IsTruncated>false</IsTruncated>
              <PolicyNames><member>deliver-logs</member><member>other</member></PolicyNames>
            </ListRolePoliciesResult></ListRolePoliciesResponse>
            """)
        XCTAssertEqual(reply["IsTruncated"], false)
        XCTAssertEqual(reply["PolicyNames"], ["deliver-logs", "other"])
    }

    func testSTSGetCallerIdentity() throws {
        let reply = try decode(.sts, "GetCallerIdentity", body: """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:sts::123456789012:user/moto</Arn>
                <UserId>AKIAIOSFODNN7EXAMPLE</UserId>
                <Account>123456789012</Account>
              </GetCallerIdentityResult>
            </GetCallerIdentityResponse>
            """)
        XCTAssertEqual(reply, ["Arn": "arn:aws:sts::123456789012:user/moto", "UserId": "AKIAIOSFODNN7EXAMPLE",
                               "Account": "123456789012"])
    }

    func testNoOutputShapeIsAnEmptyReply() throws {
        XCTAssertEqual(try decode(.iam, "DeleteRole", body: "<DeleteRoleResponse/>"), .map([:]))
    }

    func testUnreadableSuccessBody() throws {
        XCTAssertThrowsError(try decode(.sns, "ListTopics", body: "not xml")) { error in
            XCTAssertEqual((error as? AWSError)?.kind, .decoding)
        }
    }

    // MARK: errors

    func testIAMErrorResponse() throws {
        // moto adds a stray lowercase <message>; AWS sends <Message>.
        let e = try decodeError(.iam, "GetRole", status: 404, body: """
            <ErrorResponse>
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name nope cannot be found.</Message><message>x</message></Error>
              <RequestId>4a8a2b8e-1c2d-4b0f-9a44-6f0d7c5e1a11</RequestId>
            </ErrorResponse>
            """)
        XCTAssertEqual(e.kind, .service)
        XCTAssertEqual(e.service, "iam")
        XCTAssertEqual(e.operation, "GetRole")
        XCTAssertEqual(e.code, "NoSuchEntity")
        XCTAssertEqual(e.message, "The role with name nope cannot be found.")
        XCTAssertEqual(e.status, 404)
        XCTAssertEqual(e.requestID, "4a8a2b8e-1c2d-4b0f-9a44-6f0d7c5e1a11")
    }

    func testSNSAndSTSErrorResponses() throws {
        let sns = try decodeError(.sns, "GetTopicAttributes", status: 404, body: """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>
              <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
            </ErrorResponse>
            """)
        XCTAssertEqual(sns.code, "NotFound")
        XCTAssertEqual(sns.requestID, "9dd01905-5012-5f99-8663-4b3ecd0dfaef")
        let sts = try decodeError(.sts, "GetCallerIdentity", status: 403, headers: ["x-amzn-requestid": "h"], body: """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>
              <Message>The security token included in the request is invalid.</Message></Error>
            </ErrorResponse>
            """)
        XCTAssertEqual(sts.code, "InvalidClientTokenId")
        XCTAssertEqual(sts.message, "The security token included in the request is invalid.")
        XCTAssertEqual(sts.requestID, "h")
    }

    func testHTMLAndEmptyErrorReplies() throws {
        let html = try decodeError(.sns, "CreateTopic", status: 500, body: """
            <!doctype html><html lang=en><title>500 Internal Server Error</title>
            <h1>Internal Server Error</h1><p>The server encountered an internal error.</p></html>
            """)
        XCTAssertEqual(html.code, "HTTP500")
        XCTAssertEqual(html.message, "Internal Server Error: 500 Internal Server Error")
        let empty = try decodeError(.iam, "GetRole", status: 403, body: "")
        XCTAssertEqual(empty.code, "HTTP403")
        XCTAssertEqual(empty.status, 403)
        let xmlWithoutError = try decodeError(.iam, "GetRole", status: 502, body: "<Gateway>down</Gateway>")
        XCTAssertEqual(xmlWithoutError.code, "HTTP502")
    }
}

extension QueryProtocolTests {
    func testSNSPublishMessageAttributesUseTheMapsRenamedKeyAndValue() throws {
        let request = try encode(.sns, "Publish", [
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:secmon", "Message": "drill",
            "MessageAttributes": ["kind": ["DataType": "String", "StringValue": "drill"],
                                  "raw": ["DataType": "Binary", "BinaryValue": .blob(Data([0xff]))]],
        ])
        XCTAssertEqual(formPairs(request), [
            "Action=Publish", "Version=2010-03-31", "TopicArn=arn:aws:sns:us-east-1:123456789012:secmon",
            "Message=drill",
            "MessageAttributes.entry.1.Name=kind", "MessageAttributes.entry.1.Value.DataType=String",
            "MessageAttributes.entry.1.Value.StringValue=drill",
            "MessageAttributes.entry.2.Name=raw", "MessageAttributes.entry.2.Value.DataType=Binary",
            "MessageAttributes.entry.2.Value.BinaryValue=/w==",
        ])
    }
}
