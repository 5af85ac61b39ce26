import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct EventRuleDriverTests {
    let pattern = #"{"source": ["aws.secretsmanager"], "detail-type": ["AWS API Call via CloudTrail"]}"#
    var desired: [String: Value] { ["name": .s("secret-read-now"), "event_pattern": .s(pattern)] }

    @Test func aNewRuleTakesReadOnlyManagementEventsAndItsTags() async throws {
        let fake = FakeAWS()
        fake.on(.events, "PutRule", reply: ["RuleArn": "arn:aws:events:us-east-1:123456789012:rule/secret-read-now"])
        let attributes = try await EventRuleDriver(client: fake).create(id: "read_rule", properties: desired, context: context)
        let input = try #require(fake.inputs(.events, "PutRule").first)
        #expect(input["State"] == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
        #expect(input["Name"] == "secret-read-now")
        #expect(input["Description"] == .null)
        #expect(Tags.fromList(input["Tags"])[OwnershipTag.stack] == "demo")
        #expect(attributes["arn"] == .s("arn:aws:events:us-east-1:123456789012:rule/secret-read-now"))
    }

    @Test func thePatternIsComparedAsJSONNotAsText() async throws {
        let fake = FakeAWS()
        // AWS answers the pattern with its own spacing and key order.
        fake.on(.events, "DescribeRule", reply: [
            "Name": "secret-read-now", "Arn": "arn:aws:events:us-east-1:123456789012:rule/secret-read-now",
            "EventPattern": #"{"detail-type":["AWS API Call via CloudTrail"],"source":["aws.secretsmanager"]}"#,
            "State": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
        ])
        fake.on(.events, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("read_rule"))])
        let driver = EventRuleDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["secret-read-now"], hints: [:], context: context)["secret-read-now"])
        #expect(live.ownerStack == "demo")
        #expect(driver.diff(desired: driver.normalize(desired, id: "read_rule", context: context), live: live).isEmpty)
        var enabled = desired
        enabled["state"] = .s("ENABLED")
        #expect(driver.diff(desired: driver.normalize(enabled, id: "read_rule", context: context), live: live).map(\.path) == ["state"])
    }

    @Test func deletingRemovesTargetsLeftOnTheRuleFirst() async throws {
        let fake = FakeAWS()
        fake.on(.events, "ListTargetsByRule", reply: ["Targets": [["Id": "other", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"]]])
        fake.on(.events, "RemoveTargets", reply: ["FailedEntryCount": 0])
        fake.once(.events, "DeleteRule", error: "ValidationException")
        fake.on(.events, "DeleteRule", reply: [:])
        let live = LiveResource(kind: "event_rule", physicalID: "secret-read-now", properties: [:], attributes: [:], ownerStack: "demo")
        _ = try await EventRuleDriver(client: fake).delete(live, context: context)
        #expect(fake.calls.map(\.operation) == ["DeleteRule", "ListTargetsByRule", "RemoveTargets", "DeleteRule"])
        #expect(fake.inputs(.events, "RemoveTargets")[0]["Ids"] == ["other"])
    }

    /// The usual case: the stack's targets went first, so the rule goes in one call.
    @Test func aRuleWithoutTargetsIsDeletedInOneCall() async throws {
        let fake = FakeAWS()
        let live = LiveResource(kind: "event_rule", physicalID: "secret-read-now", properties: [:], attributes: [:], ownerStack: "demo")
        _ = try await EventRuleDriver(client: fake).delete(live, context: context)
        #expect(fake.calls.map(\.operation) == ["DeleteRule"])
    }
}

@Suite struct EventTargetDriverTests {
    let topic = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    var desired: [String: Value] {
        ["rule": .s("secret-read-now"), "target_id": .s("alerts"), "arn": .s(topic),
         "input_paths": .map(["who": .s("$.detail.userIdentity.arn")]), "input_template": .s("<who> read it")]
    }

    @Test func physicalIDIsRuleAndTargetID() {
        #expect(EventTargetDriver(client: FakeAWS()).physicalID(of: desired, context: context) == "secret-read-now|alerts")
        #expect(EventTargetDriver.parse(physicalID: "r|a|b")?.targetID == "a|b")
    }

    @Test func theTargetCarriesItsInputTransformer() async throws {
        let fake = FakeAWS()
        fake.on(.events, "PutTargets", reply: ["FailedEntryCount": 0, "FailedEntries": []])
        _ = try await EventTargetDriver(client: fake).create(id: "read_message", properties: desired, context: context)
        #expect(fake.inputs(.events, "PutTargets")[0] == ["Rule": "secret-read-now", "Targets": [[
            "Id": "alerts", "Arn": .string(topic),
            "InputTransformer": ["InputTemplate": "<who> read it", "InputPathsMap": ["who": "$.detail.userIdentity.arn"]],
        ]]])
    }

    @Test func aRefusedEntryIsAnError() async throws {
        let fake = FakeAWS()
        fake.on(.events, "PutTargets", reply: ["FailedEntryCount": 1, "FailedEntries": [
            ["TargetId": "alerts", "ErrorCode": "ValidationException", "ErrorMessage": "bad template"],
        ]])
        await #expect(throws: ResourceError.self) {
            _ = try await EventTargetDriver(client: fake).create(id: "read_message", properties: desired, context: context)
        }
    }

    @Test func readFindsTheTargetWithItsRulesOwner() async throws {
        let fake = FakeAWS()
        fake.on(.events, "ListTargetsByRule", reply: ["Targets": [
            ["Id": "alerts", "Arn": .string(topic),
             "InputTransformer": ["InputTemplate": "<who> read it", "InputPathsMap": ["who": "$.detail.userIdentity.arn"]]],
            ["Id": "other", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"],
        ]])
        fake.on(.events, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("read_rule"))])
        let driver = EventTargetDriver(client: fake, options: testOptions())
        let found = try await driver.read(["secret-read-now|alerts"], hints: [:], context: context)
        let live = try #require(found["secret-read-now|alerts"])
        #expect(found.count == 1)
        #expect(live.ownerStack == "demo")
        #expect(driver.diff(desired: driver.normalize(desired, id: "read_message", context: context), live: live).isEmpty)
    }
}
