import AWSClient
import Foundation
import SecmonAlerts
import SecmonCore
import SecmonPlan
import SecmonResources
import TestSupport
import XCTest

/// The real-time path's kinds against the local endpoint (create, read back with no diff,
/// update, delete), and the offline event-pattern evaluator beside the endpoint's
/// TestEventPattern.
final class EventRuleIntegrationTests: LocalEndpointTestCase {
    let context = DriverContext(stackName: "itest", accountID: "123456789012", region: "us-east-1")
    let topicArn = "arn:aws:sns:us-east-1:123456789012:itest-alerts"

    func testARuleAndItsTopicTargetConvergeAndAreDeleted() async throws {
        let client = try localEndpoint().makeClient()
        let drivers = ResourceDrivers.all(client: client, options: DriverOptions(sleeper: { _ in }, maxConsistencyWait: .seconds(5)))
        let rules = try XCTUnwrap(drivers["event_rule"])
        let targets = try XCTUnwrap(drivers["event_target"])
        let identity = SecretIdentity(name: "TopSecretInfo", region: "us-east-1", account: "123456789012", arnSuffix: "AbCdEf")
        let rule: [String: Value] = ["name": .string("itest-secret-read-now"),
                                     "event_pattern": .string(SecretReadPattern.eventPattern(for: identity))]
        _ = try await rules.create(id: "read_rule", properties: rule, context: context)
        var live = try await readOne(rules, "itest-secret-read-now")
        XCTAssertEqual(live.ownerStack, "itest")
        XCTAssertEqual(live.properties["state"], .string("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))
        XCTAssertEqual(rules.diff(desired: rules.normalize(rule, id: "read_rule", context: context), live: live), [])

        var described = rule
        described["description"] = .string("reads of TopSecretInfo")
        let changes = rules.diff(desired: rules.normalize(described, id: "read_rule", context: context), live: live)
        XCTAssertEqual(changes.map(\.path), ["description"])
        _ = try await rules.update(id: "read_rule", live: live, properties: described, changes: changes, context: context)
        live = try await readOne(rules, "itest-secret-read-now")
        XCTAssertEqual(rules.diff(desired: rules.normalize(described, id: "read_rule", context: context), live: live), [])

        let target: [String: Value] = [
            "rule": .string("itest-secret-read-now"), "target_id": .string("alerts"), "arn": .string(topicArn),
            "input_paths": .map(["who": .string("$.detail.userIdentity.arn")]), "input_template": .string("<who> read it"),
        ]
        _ = try await targets.create(id: "read_message", properties: target, context: context)
        var liveTarget = try await readOne(targets, "itest-secret-read-now|alerts")
        XCTAssertEqual(liveTarget.ownerStack, "itest")
        XCTAssertEqual(targets.diff(desired: targets.normalize(target, id: "read_message", context: context), live: liveTarget), [])
        var retemplated = target
        retemplated["input_template"] = .string("<who> read the secret")
        let targetChanges = targets.diff(desired: targets.normalize(retemplated, id: "read_message", context: context), live: liveTarget)
        XCTAssertEqual(targetChanges.map(\.path), ["input_template"])
        _ = try await targets.update(id: "read_message", live: liveTarget, properties: retemplated, changes: targetChanges, context: context)
        liveTarget = try await readOne(targets, "itest-secret-read-now|alerts")
        XCTAssertEqual(targets.diff(desired: targets.normalize(retemplated, id: "read_message", context: context), live: liveTarget), [])

        let ownedRules = try await rules.listOwned(context: context, parents: [], known: [:])
        XCTAssertEqual(ownedRules.map(\.physicalID), ["itest-secret-read-now"])
        let ownedTargets = try await targets.listOwned(context: context, parents: ownedRules, known: [:])
        XCTAssertEqual(ownedTargets.map(\.physicalID), ["itest-secret-read-now|alerts"])

        _ = try await targets.delete(liveTarget, context: context)
        let targetsAfter = try await targets.read(["itest-secret-read-now|alerts"], hints: [:], context: context)
        XCTAssertTrue(targetsAfter.isEmpty)
        _ = try await rules.delete(live, context: context)
        let rulesAfter = try await rules.read(["itest-secret-read-now"], hints: [:], context: context)
        XCTAssertTrue(rulesAfter.isEmpty)
    }

    func testDeletingARuleRemovesTargetsLeftOnIt() async throws {
        let client = try localEndpoint().makeClient()
        let rules = try XCTUnwrap(ResourceDrivers.all(client: client)["event_rule"])
        let rule: [String: Value] = ["name": .string("itest-with-stray-target"), "event_pattern": .string(#"{"source": ["aws.secretsmanager"]}"#)]
        _ = try await rules.create(id: "r", properties: rule, context: context)
        _ = try await client.call(.events, "PutTargets", ["Rule": "itest-with-stray-target",
                                                           "Targets": [["Id": "stray", "Arn": .string(topicArn)]]])
        let live = try await readOne(rules, "itest-with-stray-target")
        _ = try await rules.delete(live, context: context)
        let after = try await rules.read(["itest-with-stray-target"], hints: [:], context: context)
        XCTAssertTrue(after.isEmpty)
    }

    /// Documented cases (EventBridge user guide, "Content filtering" and "Comparison
    /// operators"), each with an event it should match and one it should not, answered by the
    /// offline evaluator and by the endpoint's TestEventPattern.
    func testTheOfflineEvaluatorAgreesWithTestEventPattern() async throws {
        let client = try localEndpoint().makeClient()
        func event(_ detail: String) -> String {
            #"{"id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"AWS API Call via CloudTrail","source":"aws.secretsmanager","account":"123456789012","time":"2026-01-15T12:00:00Z","region":"us-east-1","resources":[],"detail":"#
                + detail + "}"
        }
        let identity = SecretIdentity(name: "TopSecretInfo", region: "us-east-1", account: "123456789012", arnSuffix: "AbCdEf")
        let read = #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","awsRegion":"us-east-1","recipientAccountId":"123456789012","requestParameters":{"secretId":"TopSecretInfo"}}"#
        let nearMiss = #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","awsRegion":"us-east-1","recipientAccountId":"123456789012","requestParameters":{"secretId":"TopSecretInfoBackup"}}"#
        let cases: [(name: String, pattern: String, event: String, expected: Bool)] = [
            ("exact values", #"{"detail": {"eventName": ["GetSecretValue"]}}"#, event(read), true),
            ("exact values, other name", #"{"detail": {"eventName": ["DescribeSecret"]}}"#, event(read), false),
            ("prefix", #"{"detail": {"eventName": [{"prefix": "Get"}]}}"#, event(read), true),
            ("prefix, no match", #"{"detail": {"eventName": [{"prefix": "Put"}]}}"#, event(read), false),
            ("anything-but", #"{"detail": {"eventName": [{"anything-but": ["DescribeSecret"]}]}}"#, event(read), true),
            ("anything-but, excluded", #"{"detail": {"eventName": [{"anything-but": ["GetSecretValue"]}]}}"#, event(read), false),
            ("exists", #"{"detail": {"errorCode": [{"exists": false}]}}"#, event(read), true),
            ("exists, missing", #"{"detail": {"errorCode": [{"exists": true}]}}"#, event(read), false),
            ("numeric", #"{"detail": {"n": [{"numeric": [">", 0, "<=", 5]}]}}"#, event(#"{"n": 5}"#), true),
            ("numeric, out of range", #"{"detail": {"n": [{"numeric": [">", 0, "<=", 5]}]}}"#, event(#"{"n": 6}"#), false),
            ("the secret's read pattern", SecretReadPattern.eventPattern(for: identity), event(read), true),
            ("the secret's read pattern, near miss", SecretReadPattern.eventPattern(for: identity), event(nearMiss), false),
            ("suffix", #"{"detail": {"eventName": [{"suffix": "Value"}]}}"#, event(read), true),
            ("suffix, no match", #"{"detail": {"eventName": [{"suffix": "Secret"}]}}"#, event(read), false),
            ("equals-ignore-case", #"{"detail": {"eventName": [{"equals-ignore-case": "getsecretvalue"}]}}"#, event(read), true),
            ("prefix ignoring case", #"{"detail": {"eventName": [{"prefix": {"equals-ignore-case": "get"}}]}}"#, event(read), true),
            ("wildcard", #"{"detail": {"eventName": [{"wildcard": "Get*Value"}]}}"#, event(read), true),
            ("wildcard, no match", #"{"detail": {"eventName": [{"wildcard": "Get*Secret"}]}}"#, event(read), false),
            ("anything-but prefix", #"{"detail": {"eventName": [{"anything-but": {"prefix": "Get"}}]}}"#, event(read), false),
            ("$or", #"{"detail": {"$or": [{"eventName": ["X"]}, {"eventSource": ["secretsmanager.amazonaws.com"]}]}}"#, event(read), true),
            ("cidr", #"{"detail": {"ip": [{"cidr": "10.0.0.0/24"}]}}"#, event(#"{"ip": "10.0.0.255"}"#), true),
            ("cidr, outside", #"{"detail": {"ip": [{"cidr": "10.0.0.0/24"}]}}"#, event(#"{"ip": "10.0.1.1"}"#), false),
            // Not asked: an IPv6 cidr (an error offline, docs/event-patterns.md). moto 5.2
            // answered every case above as the user guide does; a case it gets wrong belongs
            // in the unit tests only, with a comment here naming it.
        ]
        // moto 5.2 leaves TestEventPattern a stub (it answers no Result). Its PutEvents decides
        // delivery to a rule's targets with the same matcher, so each case is asked there: a rule
        // with the pattern, an SQS queue as its target, one event put; delivered means matched.
        let queueURL = try await client.call(.sqs, "CreateQueue", ["QueueName": "itest-pattern-check"])["QueueUrl"]
        let queueARN = try await client.call(.sqs, "GetQueueAttributes", ["QueueUrl": queueURL, "AttributeNames": ["QueueArn"]])["Attributes"]["QueueArn"]
        for (i, c) in cases.enumerated() {
            let offline = try EventPattern(c.pattern).matches(json: c.event)
            XCTAssertEqual(offline, c.expected, "offline: \(c.name)")
            let tested = try await client.call(.events, "TestEventPattern", ["EventPattern": .string(c.pattern), "Event": .string(c.event)])
            if let answer = tested["Result"].bool { XCTAssertEqual(answer, c.expected, "TestEventPattern: \(c.name)") }
            let rule = AWSValue.string("itest-pattern-\(i)")
            _ = try await client.call(.events, "PutRule", ["Name": rule, "EventPattern": .string(c.pattern)])
            _ = try await client.call(.events, "PutTargets", ["Rule": rule, "Targets": [["Id": "q", "Arn": queueARN]]])
            let parsed = try JSONSerialization.jsonObject(with: Data(c.event.utf8)) as? [String: Any]
            let detail = try JSONSerialization.data(withJSONObject: parsed?["detail"] ?? [:])
            _ = try await client.call(.events, "PutEvents", ["Entries": [[
                "Source": "aws.secretsmanager", "DetailType": "AWS API Call via CloudTrail",
                "Detail": .string(String(decoding: detail, as: UTF8.self)),
            ]]])
            let received = try await client.call(.sqs, "ReceiveMessage", ["QueueUrl": queueURL, "MaxNumberOfMessages": 10])["Messages"].list
            XCTAssertEqual(!received.isEmpty, c.expected, "endpoint: \(c.name)")
            for message in received {
                _ = try await client.call(.sqs, "DeleteMessage", ["QueueUrl": queueURL, "ReceiptHandle": message["ReceiptHandle"]])
            }
            _ = try await client.call(.events, "RemoveTargets", ["Rule": rule, "Ids": ["q"]])
            _ = try await client.call(.events, "DeleteRule", ["Name": rule])
        }
    }

    private func readOne(_ driver: any ResourceDriver, _ id: String, file: StaticString = #filePath, line: UInt = #line)
        async throws -> LiveResource
    {
        let found = try await driver.read([id], hints: [:], context: context)
        return try XCTUnwrap(found[id], "\(driver.kind) \(id) not found", file: file, line: line)
    }
}
