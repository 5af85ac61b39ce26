import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct SubscriptionDriverTests {
    let topic = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    var desired: [String: Value] { ["topic": .s(topic), "protocol": .s("email"), "endpoint": .s("sec@example.com")] }
    var id: String { "\(topic)|email|sec@example.com" }

    @Test func physicalIDIsTopicProtocolAndEndpoint() {
        #expect(SubscriptionDriver(client: FakeAWS()).physicalID(of: desired, context: context) == id)
        let parsed = SubscriptionDriver.parse(physicalID: "\(topic)|https|https://x.example/a|b")
        #expect(parsed?.topic == topic && parsed?.protocol == "https" && parsed?.endpoint == "https://x.example/a|b")
    }

    @Test func aPendingSubscriptionIsFoundSoItIsNotSubscribedTwice() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "ListSubscriptionsByTopic", reply: ["Subscriptions": [
            ["SubscriptionArn": "PendingConfirmation", "Protocol": "email", "Endpoint": "sec@example.com", "TopicArn": .string(topic)],
            ["SubscriptionArn": .string(topic + ":abc"), "Protocol": "email", "Endpoint": "other@example.com"],
        ]])
        fake.on(.sns, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("alerts"))])
        let driver = SubscriptionDriver(client: fake, options: testOptions())
        let found = try await driver.read([id], hints: [:], context: context)
        let live = try #require(found[id])
        #expect(found.count == 1)
        #expect(live.ownerStack == "demo")
        #expect(live.attributes["pending_confirmation"] == .bool(true))
        #expect(driver.diff(desired: driver.normalize(desired, id: "alert_email", context: context), live: live).isEmpty)
    }

    @Test func aConfirmedDuplicateWinsOverAPendingOne() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "ListSubscriptionsByTopic", reply: ["Subscriptions": [
            ["SubscriptionArn": .string(topic + ":abc"), "Protocol": "email", "Endpoint": "sec@example.com"],
            ["SubscriptionArn": "PendingConfirmation", "Protocol": "email", "Endpoint": "sec@example.com"],
        ]])
        let found = try await SubscriptionDriver(client: fake, options: testOptions()).read([id], hints: [:], context: context)
        #expect(found[id]?.attributes["arn"] == .s(topic + ":abc"))
    }

    @Test func subscribeAsksForTheArn() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "Subscribe", reply: ["SubscriptionArn": .string(topic + ":abc")])
        let attributes = try await SubscriptionDriver(client: fake).create(id: "alert_email", properties: desired, context: context)
        #expect(fake.inputs(.sns, "Subscribe")[0] == ["TopicArn": .string(topic), "Protocol": "email",
                                                        "Endpoint": "sec@example.com", "ReturnSubscriptionArn": true])
        #expect(attributes == ["arn": .s(topic + ":abc")])
    }

    @Test func aPendingSubscriptionCannotBeUnsubscribedAndSaysSo() async throws {
        let fake = FakeAWS()
        let live = LiveResource(kind: "subscription", physicalID: id, properties: [:],
                                attributes: ["arn": .s("PendingConfirmation")], ownerStack: "demo")
        let outcome = try await SubscriptionDriver(client: fake).delete(live, context: context)
        #expect(outcome.note?.contains("pending confirmation") == true)
        #expect(fake.calls.isEmpty)
    }

    @Test func aConfirmedSubscriptionIsUnsubscribed() async throws {
        let fake = FakeAWS()
        let live = LiveResource(kind: "subscription", physicalID: id, properties: [:],
                                attributes: ["arn": .s(topic + ":abc")], ownerStack: "demo")
        _ = try await SubscriptionDriver(client: fake).delete(live, context: context)
        #expect(fake.inputs(.sns, "Unsubscribe") == [["SubscriptionArn": .string(topic + ":abc")]])
    }

    @Test func listOwnedWalksOwnedTopics() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "ListSubscriptionsByTopic", reply: ["Subscriptions": [
            ["SubscriptionArn": .string(topic + ":abc"), "Protocol": "email", "Endpoint": "sec@example.com"],
        ]])
        let parents = [
            LiveResource(kind: "topic", physicalID: "SecurityAlarms", properties: [:], attributes: ["arn": .s(topic)], ownerStack: "demo"),
            LiveResource(kind: "topic", physicalID: "Other", properties: [:], attributes: [:], ownerStack: "other"),
        ]
        let owned = try await SubscriptionDriver(client: fake, options: testOptions()).listOwned(context: context, parents: parents)
        #expect(owned.map(\.physicalID) == [id])
        #expect(fake.inputs(.sns, "ListSubscriptionsByTopic") == [["TopicArn": .string(topic)]])
    }
}
