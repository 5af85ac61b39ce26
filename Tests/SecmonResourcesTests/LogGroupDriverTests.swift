import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct LogGroupDriverTests {
    let desired: [String: Value] = ["name": .s("/secmon/trail"), "retention_days": .int(90), "kms_key": .s("arn:aws:kms:us-east-1:123456789012:key/k")]

    func scripted(_ fake: FakeAWS, retention: Int? = 90, tags: [String: String] = ownedTags("trail_logs")) {
        var group: [String: AWSValue] = [
            "logGroupName": "/secmon/trail",
            "arn": "arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail:*",
            "logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail",
            "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/k",
        ]
        if let retention { group["retentionInDays"] = .integer(Int64(retention)) }
        // An endpoint that ignores the prefix returns other groups too.
        fake.on(.logs, "DescribeLogGroups", reply: ["logGroups": [["logGroupName": "/secmon/trail-old"], .map(group)]])
        fake.on(.logs, "ListTagsForResource", reply: ["tags": tagMap(tags)])
    }

    @Test func createSendsTagsAndKeyThenRetention() async throws {
        let fake = FakeAWS()
        let driver = LogGroupDriver(client: fake, options: testOptions())
        let attributes = try await driver.create(id: "trail_logs", properties: desired, context: context)
        #expect(fake.operations == ["logs.CreateLogGroup", "logs.PutRetentionPolicy"])
        let create = fake.inputs(.logs, "CreateLogGroup")[0]
        #expect(create["logGroupName"] == "/secmon/trail")
        #expect(create["kmsKeyId"] == "arn:aws:kms:us-east-1:123456789012:key/k")
        #expect(create["tags"] == tagMap(ownedTags("trail_logs")))
        #expect(fake.inputs(.logs, "PutRetentionPolicy")[0]["retentionInDays"] == 90)
        #expect(attributes["arn"] == .s("arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail"))
    }

    /// A create whose reply was lost is retried by the client, and AWS answers "already exists":
    /// the group carrying this stack's and this id's tags is the one just made.
    @Test func createAcceptsItsOwnGroupWhenTheRetriedCreateSaysItExists() async throws {
        let fake = FakeAWS()
        scripted(fake)
        fake.on(.logs, "CreateLogGroup", error: "ResourceAlreadyExistsException")
        let driver = LogGroupDriver(client: fake, options: testOptions())
        let attributes = try await driver.create(id: "trail_logs", properties: desired, context: context)
        #expect(attributes["name"] == .s("/secmon/trail"))
        #expect(fake.operations.contains("logs.PutRetentionPolicy"))
    }

    @Test func createStillRefusesAGroupSomebodyElseMade() async throws {
        let fake = FakeAWS()
        scripted(fake, tags: ["owner": "someone-else"])
        fake.on(.logs, "CreateLogGroup", error: "ResourceAlreadyExistsException")
        let driver = LogGroupDriver(client: fake, options: testOptions())
        await #expect(throws: (any Error).self) {
            _ = try await driver.create(id: "trail_logs", properties: desired, context: context)
        }
        #expect(!fake.operations.contains("logs.PutRetentionPolicy"))
    }

    @Test func createStillRefusesAGroupAnotherLogicalIDMade() async throws {
        let fake = FakeAWS()
        scripted(fake, tags: ownedTags("other_logs"))
        fake.on(.logs, "CreateLogGroup", error: "ResourceAlreadyExistsException")
        let driver = LogGroupDriver(client: fake, options: testOptions())
        await #expect(throws: (any Error).self) {
            _ = try await driver.create(id: "trail_logs", properties: desired, context: context)
        }
    }

    @Test func readMatchesExactlyAndShowsNoDiffWhenConverged() async throws {
        let fake = FakeAWS()
        scripted(fake)
        let driver = LogGroupDriver(client: fake, options: testOptions())
        let found = try await driver.read(["/secmon/trail"], hints: [:], context: context)
        let live = try #require(found["/secmon/trail"])
        #expect(found.count == 1)
        #expect(live.ownerStack == "demo")
        #expect(live.logicalID == "trail_logs")
        #expect(live.attributes["arn"] == .s("arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail"))
        #expect(fake.inputs(.logs, "ListTagsForResource")[0]["resourceArn"]
            == "arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail")
        let normalized = driver.normalize(desired, id: "trail_logs", context: context)
        #expect(driver.diff(desired: normalized, live: live).isEmpty)
    }

    @Test func readOfAMissingGroupIsEmpty() async throws {
        let fake = FakeAWS()
        fake.on(.logs, "DescribeLogGroups", reply: ["logGroups": []])
        fake.on(.logs, "ListTagsForResource", error: "ResourceNotFoundException")
        let found = try await LogGroupDriver(client: fake, options: testOptions()).read(["/nope"], hints: [:], context: context)
        #expect(found.isEmpty)
    }

    @Test func driftInRetentionAndTagsIsShownAndFixed() async throws {
        let fake = FakeAWS()
        var tags = ownedTags("trail_logs")
        tags["team"] = nil
        tags["extra"] = "x"
        scripted(fake, retention: 7, tags: tags)
        let driver = LogGroupDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["/secmon/trail"], hints: [:], context: context)["/secmon/trail"])
        let normalized = driver.normalize(desired, id: "trail_logs", context: context)
        let changes = driver.diff(desired: normalized, live: live)
        #expect(changes.map(\.path) == ["retention_days", "tags.extra", "tags.team"])
        _ = try await driver.update(id: "trail_logs", live: live, properties: desired, changes: changes, context: context)
        #expect(fake.inputs(.logs, "PutRetentionPolicy")[0]["retentionInDays"] == 90)
        #expect(fake.inputs(.logs, "TagResource")[0]["tags"] == ["team": "security"])
        #expect(fake.inputs(.logs, "UntagResource")[0]["tagKeys"] == ["extra"])
        #expect(fake.inputs(.logs, "AssociateKmsKey").isEmpty)
    }

    @Test func removingRetentionDeletesThePolicy() async throws {
        let fake = FakeAWS()
        scripted(fake)
        let driver = LogGroupDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["/secmon/trail"], hints: [:], context: context)["/secmon/trail"])
        var properties = desired
        properties["retention_days"] = nil
        _ = try await driver.update(id: "trail_logs", live: live, properties: properties, changes: [], context: context)
        #expect(fake.inputs(.logs, "DeleteRetentionPolicy").count == 1)
    }

    @Test func deletingAGoneGroupSucceeds() async throws {
        let fake = FakeAWS()
        fake.on(.logs, "DeleteLogGroup", error: "ResourceNotFoundException")
        let live = LiveResource(kind: "log_group", physicalID: "/gone", properties: [:], attributes: [:], ownerStack: "demo")
        _ = try await LogGroupDriver(client: fake, options: testOptions()).delete(live, context: context)
    }

    @Test func listOwnedKeepsOnlyThisStacksGroups() async throws {
        let fake = FakeAWS()
        fake.on(.logs, "DescribeLogGroups", reply: ["logGroups": [["logGroupName": "/mine"], ["logGroupName": "/theirs"]]])
        fake.on(.logs, "ListTagsForResource") { input in
            input["resourceArn"].string?.hasSuffix("/mine") == true
                ? ["tags": tagMap(ownedTags("a"))] : ["tags": ["secmon:stack": "other"]]
        }
        let owned = try await LogGroupDriver(client: fake, options: testOptions()).listOwned(context: context, parents: [])
        #expect(owned.map(\.physicalID) == ["/mine"])
    }
}
