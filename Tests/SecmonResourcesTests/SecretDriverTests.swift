import AWSClient
import Foundation
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct SecretDriverTests {
    let value = "hunter2-very-secret"
    let desired: [String: Value] = ["name": .s("TopSecretInfo"), "value": .map(["from_env": .s("TOP_SECRET")]),
                                    "value_version": .int(1)]

    func driver(_ fake: FakeAWS) -> SecretDriver {
        SecretDriver(client: fake, options: testOptions(secrets: ["TOP_SECRET": value]))
    }

    func describe(version: String? = "1", deleted: Bool = false) -> AWSValue {
        var tags = ownedTags("top_secret")
        if let version { tags["secmon:value-version"] = version }
        var reply: [String: AWSValue] = [
            "Name": "TopSecretInfo", "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf",
            "Tags": tagList(tags),
        ]
        if deleted { reply["DeletedDate"] = .timestamp(Date(timeIntervalSince1970: 1_796_000_000)) }
        return .map(reply)
    }

    /// Whether the value occurs anywhere in a recorded request.
    func occurrences(in calls: [FakeAWS.Call]) -> [String] {
        calls.filter { "\($0.input)".contains(value) }.map(\.operation)
    }

    @Test func createWritesTheValueOnceAndReturnsNoTraceOfIt() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "CreateSecret", reply: ["ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf"])
        let d = driver(fake)
        let normalized = d.normalize(desired, id: "top_secret", context: context)
        let attributes = try await d.create(id: "top_secret", properties: desired, context: context)
        let create = fake.inputs(.secretsmanager, "CreateSecret")[0]
        #expect(create["SecretString"] == .string(value))
        #expect(tagsFromList(create["Tags"]) == ownedTags("top_secret", extra: ["secmon:value-version": "1"]))
        #expect(occurrences(in: fake.calls) == ["CreateSecret"])
        #expect(!"\(attributes)".contains(value))
        #expect(!"\(normalized)".contains(value))
        #expect(normalized["value"] == .map(["from_env": .s("TOP_SECRET")]))
    }

    @Test func readNeverAsksForTheValueAndComparesTheVersionTag() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "DescribeSecret", reply: describe(version: "1"))
        let d = driver(fake)
        let live = try #require(try await d.read(["TopSecretInfo"], hints: [:], context: context)["TopSecretInfo"])
        #expect(fake.operations == ["secretsmanager.DescribeSecret"])
        #expect(live.properties["value_version"] == .s("1"))
        #expect(live.properties["tags"]?["secmon:value-version"] == nil)
        #expect(d.diff(desired: d.normalize(desired, id: "top_secret", context: context), live: live).isEmpty)
    }

    @Test func aNewVersionRewritesTheValueThenTheTag() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "DescribeSecret", reply: describe(version: "1"))
        let d = driver(fake)
        let live = try #require(try await d.read(["TopSecretInfo"], hints: [:], context: context)["TopSecretInfo"])
        var properties = desired
        properties["value_version"] = .s("2")
        let changes = d.diff(desired: d.normalize(properties, id: "top_secret", context: context), live: live)
        #expect(changes.map(\.path) == ["value_version"])
        _ = try await d.update(id: "top_secret", live: live, properties: properties, changes: changes, context: context)
        #expect(Array(fake.operations.dropFirst()) == ["secretsmanager.PutSecretValue", "secretsmanager.TagResource"])
        #expect(fake.inputs(.secretsmanager, "PutSecretValue")[0]["SecretString"] == .string(value))
        #expect(fake.inputs(.secretsmanager, "TagResource")[0]["Tags"] == [["Key": "secmon:value-version", "Value": "2"]])
        #expect(occurrences(in: fake.calls) == ["PutSecretValue"])
    }

    @Test func adoptingRecordsTheVersionAndNeverWritesTheValue() async throws {
        let fake = FakeAWS()
        // Someone else's secret: no ownership tags, no version tag.
        fake.on(.secretsmanager, "DescribeSecret", reply: [
            "Name": "TopSecretInfo", "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf",
        ])
        let d = driver(fake)
        let live = try #require(try await d.read(["TopSecretInfo"], hints: [:], context: context)["TopSecretInfo"])
        #expect(live.ownerStack == nil)
        let changes = d.diff(desired: d.normalize(desired, id: "top_secret", context: context), live: live)
        _ = try await d.update(id: "top_secret", live: live, properties: desired, changes: changes, context: context)
        #expect(occurrences(in: fake.calls).isEmpty, "adopting wrote the value")
        #expect(!fake.operations.contains("secretsmanager.PutSecretValue"))
        let tags = tagsFromList(fake.inputs(.secretsmanager, "TagResource")[0]["Tags"])
        #expect(tags["secmon:value-version"] == "1")
    }

    @Test func otherUpdatesNeverTouchTheValue() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "DescribeSecret", reply: describe(version: "1"))
        let d = driver(fake)
        let live = try #require(try await d.read(["TopSecretInfo"], hints: [:], context: context)["TopSecretInfo"])
        var properties = desired
        properties["description"] = .s("the crown jewels")
        _ = try await d.update(id: "top_secret", live: live, properties: properties, changes: [], context: context)
        #expect(fake.inputs(.secretsmanager, "UpdateSecret")[0]["Description"] == "the crown jewels")
        #expect(fake.inputs(.secretsmanager, "UpdateSecret")[0]["SecretString"].isNull)
        #expect(occurrences(in: fake.calls).isEmpty)
    }

    @Test func aSecretScheduledForDeletionIsRestored() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "DescribeSecret", reply: describe(deleted: true))
        let d = driver(fake)
        let live = try #require(try await d.read(["TopSecretInfo"], hints: [:], context: context)["TopSecretInfo"])
        let changes = d.diff(desired: d.normalize(desired, id: "top_secret", context: context), live: live)
        #expect(changes == [PropertyChange(path: "pending_deletion", old: .bool(true), new: .bool(false))])
        _ = try await d.update(id: "top_secret", live: live, properties: desired, changes: changes, context: context)
        #expect(fake.operations.last == "secretsmanager.RestoreSecret")
    }

    @Test func deleteUsesTheStacksRecoveryWindowAndReportsTheDate() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "DescribeSecret", reply: describe())
        fake.on(.secretsmanager, "DeleteSecret", reply: ["DeletionDate": .timestamp(Date(timeIntervalSince1970: 1_796_000_000))])
        let d = driver(fake)
        let hints: [String: [String: Value]] = ["TopSecretInfo": ["recovery_window_days": .int(7)]]
        let live = try #require(try await d.read(["TopSecretInfo"], hints: hints, context: context)["TopSecretInfo"])
        let outcome = try await d.delete(live, context: context)
        #expect(fake.inputs(.secretsmanager, "DeleteSecret")[0]["RecoveryWindowInDays"] == 7)
        #expect(outcome.note == "scheduled for deletion on 2026-11-30")
    }

    @Test func anOrphanGetsTheDefaultWindow() async throws {
        let fake = FakeAWS()
        let live = LiveResource(kind: "secret", physicalID: "s", properties: [:], attributes: [:], ownerStack: "demo")
        _ = try await driver(fake).delete(live, context: context)
        #expect(fake.inputs(.secretsmanager, "DeleteSecret")[0]["RecoveryWindowInDays"] == 30)
    }

    @Test func aMissingSourceIsAnErrorNamingTheVariable() async {
        let fake = FakeAWS()
        let d = SecretDriver(client: fake, options: testOptions(secrets: [:]))
        do {
            _ = try await d.create(id: "top_secret", properties: desired, context: context)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("environment variable TOP_SECRET is not set"))
        }
        #expect(fake.calls.isEmpty)
    }

    @Test func anErrorQuotingTheValueIsRedacted() async {
        let fake = FakeAWS()
        let message = "Value '\(value)' at 'secretString' failed to satisfy constraint"
        fake.on(.secretsmanager, "CreateSecret") { _ in
            throw FakeAWS.error(.secretsmanager, "CreateSecret", "ValidationException", message: message)
        }
        do {
            _ = try await driver(fake).create(id: "top_secret", properties: desired, context: context)
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains(value))
            #expect("\(error)".contains("(sensitive)"))
        }
    }

    @Test func listOwnedChecksTheStackTagPair() async throws {
        let fake = FakeAWS()
        fake.on(.secretsmanager, "ListSecrets", reply: ["SecretList": [
            ["Name": "mine", "Tags": tagList(ownedTags("a"))],
            // Matches the tag-key and tag-value filters separately, but not as a pair.
            ["Name": "theirs", "Tags": [["Key": "secmon:stack", "Value": "other"], ["Key": "x", "Value": "demo"]]],
        ]])
        let owned = try await driver(fake).listOwned(context: context, parents: [])
        #expect(owned.map(\.physicalID) == ["mine"])
    }
}
