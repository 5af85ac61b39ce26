import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct TopicDriverTests {
    let arn = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    let desired: [String: Value] = ["name": .s("SecurityAlarms"), "display_name": .s("Security")]

    /// The generated policy as AWS hands it back: compact, keys in another order, one-element
    /// lists where secmon wrote scalars.
    var reserialisedPolicy: String {
        """
        {"Statement":[{"Sid":"AllowPublishFromCloudwatch","Resource":["\(arn)"],"Principal":{"Service":["cloudwatch.amazonaws.com"]},\
        "Effect":"Allow","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"},\
        "StringEquals":{"aws:SourceAccount":["123456789012"]}},"Action":["sns:Publish"]},\
        {"Sid":"TopicOwner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Resource":"\(arn)",\
        "Action":["SNS:Subscribe","SNS:SetTopicAttributes","SNS:RemovePermission","SNS:Publish","SNS:ListSubscriptionsByTopic",\
        "SNS:GetTopicAttributes","SNS:DeleteTopic","SNS:AddPermission"]}],"Version":"2012-10-17"}
        """
    }

    @Test func theGeneratedPolicyLetsCloudWatchPublishForThisAccountOnly() throws {
        let n = TopicDriver(client: FakeAWS()).normalize(desired, id: "alerts", context: context)
        #expect(n["allow_publish_from"] == .list([.s("cloudwatch")]))
        let statements = try #require(n["policy"]?["Statement"]?.listValue)
        let publish = try #require(statements.first { $0["Sid"] == .s("AllowPublishFromCloudwatch") })
        #expect(publish["Principal"] == .map(["Service": .s("cloudwatch.amazonaws.com")]))
        #expect(publish["Condition"]?["StringEquals"]?["aws:SourceAccount"] == .s("123456789012"))
        #expect(publish["Condition"]?["ArnLike"]?["aws:SourceArn"] == .s("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"))
    }

    @Test func createSendsAttributesAndTags() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "CreateTopic", reply: ["TopicArn": .string(arn)])
        let driver = TopicDriver(client: fake)
        let attributes = try await driver.create(id: "alerts", properties: desired, context: context)
        let input = fake.inputs(.sns, "CreateTopic")[0]
        #expect(input["Attributes"]["DisplayName"] == "Security")
        #expect(json(input["Attributes"]["Policy"].string) == driver.normalize(desired, id: "alerts", context: context)["policy"])
        #expect(tagsFromList(input["Tags"]) == ownedTags("alerts"))
        #expect(attributes["arn"] == .s(arn))
    }

    @Test func aReserialisedPolicyIsNoChange() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "GetTopicAttributes", reply: ["Attributes": ["TopicArn": .string(arn), "DisplayName": "Security",
                                                                   "Policy": .string(reserialisedPolicy)]])
        fake.on(.sns, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("alerts"))])
        let driver = TopicDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["SecurityAlarms"], hints: [:], context: context)["SecurityAlarms"])
        #expect(live.ownerStack == "demo")
        #expect(driver.diff(desired: driver.normalize(desired, id: "alerts", context: context), live: live).isEmpty)
    }

    @Test func addingAPublisherRewritesOnlyThePolicy() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "GetTopicAttributes", reply: ["Attributes": ["DisplayName": "Security", "Policy": .string(reserialisedPolicy)]])
        fake.on(.sns, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("alerts"))])
        let driver = TopicDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["SecurityAlarms"], hints: [:], context: context)["SecurityAlarms"])
        var properties = desired
        properties["allow_publish_from"] = .list([.s("cloudtrail"), .s("cloudwatch")])
        let changes = driver.diff(desired: driver.normalize(properties, id: "alerts", context: context), live: live)
        #expect(changes.map(\.path) == ["policy"])
        _ = try await driver.update(id: "alerts", live: live, properties: properties, changes: changes, context: context)
        let sets = fake.inputs(.sns, "SetTopicAttributes")
        #expect(sets.map { $0["AttributeName"] } == ["Policy"])
        #expect(sets[0]["AttributeValue"].string?.contains("cloudtrail.amazonaws.com") == true)
    }

    @Test func aMissingTopicIsAbsent() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "GetTopicAttributes", error: "NotFound")
        fake.on(.sns, "ListTagsForResource", error: "ResourceNotFound")
        #expect(try await TopicDriver(client: fake, options: testOptions()).read(["x"], hints: [:], context: context).isEmpty)
    }
}
