import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct AlarmDriverTests {
    let topic = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    var desired: [String: Value] {
        ["name": .s("secret-read"), "metric_filter": .s("secret-reads"), "metric_namespace": .s("SecMon"),
         "metric_name": .s("SecretIsAccessed"), "alarm_actions": .list([.s(topic), .s("arn:aws:sns:us-east-1:123456789012:B")]),
         "tests": .list([])]
    }

    func alarm(_ name: String, threshold: Double = 1, actions: [AWSValue]? = nil) -> AWSValue {
        ["AlarmName": .string(name), "AlarmArn": .string("arn:aws:cloudwatch:us-east-1:123456789012:alarm:\(name)"),
         "Namespace": "SecMon", "MetricName": "SecretIsAccessed", "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1,
         "DatapointsToAlarm": 1, "Threshold": .double(threshold), "ComparisonOperator": "GreaterThanOrEqualToThreshold",
         "TreatMissingData": "notBreaching", "ActionsEnabled": true,
         "AlarmActions": .list(actions ?? ["arn:aws:sns:us-east-1:123456789012:B", .string(topic)]), "OKActions": [],
         "InsufficientDataActions": []]
    }

    @Test func normalizeFillsDefaults() {
        let n = AlarmDriver(client: FakeAWS()).normalize(["name": .s("a"), "evaluation_periods": .int(3)], id: "a", context: context)
        #expect(n["statistic"] == .s("Sum"))
        #expect(n["period"] == .int(300))
        #expect(n["datapoints_to_alarm"] == .int(3))
        #expect(n["threshold"] == .int(1))
        #expect(n["treat_missing_data"] == .s("notBreaching"))
        #expect(n["comparison_operator"] == .s("GreaterThanOrEqualToThreshold"))
        #expect(n["actions_enabled"] == .bool(true))
        #expect(n["metric_filter"] == nil && n["tests"] == nil)
    }

    @Test func createSendsEveryFieldAndTags() async throws {
        let fake = FakeAWS()
        _ = try await AlarmDriver(client: fake).create(id: "secret_read_alarm", properties: desired, context: context)
        let put = fake.inputs(.cloudwatch, "PutMetricAlarm")[0]
        #expect(put["AlarmName"] == "secret-read")
        #expect(put["Threshold"] == 1.0)
        #expect(put["Period"] == 300)
        #expect(put["DatapointsToAlarm"] == 1)
        #expect(put["TreatMissingData"] == "notBreaching")
        #expect(tagsFromList(put["Tags"]) == ownedTags("secret_read_alarm"))
    }

    @Test func readBatchesNamesByAHundredAndFetchesTagsPerAlarm() async throws {
        let fake = FakeAWS()
        fake.on(.cloudwatch, "DescribeAlarms") { input in
            ["MetricAlarms": .list(input["AlarmNames"].list.prefix(2).compactMap { $0.string }.map { self.alarm($0) })]
        }
        fake.on(.cloudwatch, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("x"))])
        let names = (0 ..< 150).map { "alarm-\($0)" }
        let found = try await AlarmDriver(client: fake, options: testOptions()).read(names, hints: [:], context: context)
        let batches = fake.inputs(.cloudwatch, "DescribeAlarms").map { $0["AlarmNames"].list.count }
        #expect(batches.sorted() == [50, 100])
        #expect(found.count == 4)
        #expect(fake.inputs(.cloudwatch, "ListTagsForResource").count == 4)
        #expect(found.values.allSatisfy { $0.ownerStack == "demo" })
    }

    /// The orphan search reuses what the plan read in its first round: tags are fetched only
    /// for alarms the plan has not seen.
    @Test func listOwnedReadsTagsOnlyOfAlarmsNotAlreadyKnown() async throws {
        let fake = FakeAWS()
        fake.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [alarm("secret-read"), alarm("old-alarm"), alarm("theirs")]])
        fake.on(.cloudwatch, "ListTagsForResource") { input in
            input["ResourceARN"].string?.hasSuffix(":old-alarm") == true
                ? ["Tags": tagList(ownedTags("old_alarm"))] : ["Tags": tagList(["secmon:stack": "other"])]
        }
        let driver = AlarmDriver(client: fake, options: testOptions())
        let known = LiveResource(kind: "alarm", physicalID: "secret-read", properties: [:], attributes: [:],
                                 ownerStack: "demo", logicalID: "secret_read_alarm")
        let owned = try await driver.listOwned(context: context, parents: [], known: ["secret-read": known])
        #expect(Set(owned.map(\.physicalID)) == ["secret-read", "old-alarm"])
        let tagged = fake.inputs(.cloudwatch, "ListTagsForResource").compactMap { $0["ResourceARN"].string }
        #expect(tagged.count == 2)
        #expect(!tagged.contains { $0.hasSuffix(":secret-read") })
    }

    @Test func convergedAlarmHasNoDiffWhateverTheActionOrder() async throws {
        let fake = FakeAWS()
        fake.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [alarm("secret-read")]])
        fake.on(.cloudwatch, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("secret_read_alarm"))])
        let driver = AlarmDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["secret-read"], hints: [:], context: context)["secret-read"])
        #expect(driver.diff(desired: driver.normalize(desired, id: "secret_read_alarm", context: context), live: live).isEmpty)
    }

    @Test func thresholdDriftRewritesTheAlarmWithoutTags() async throws {
        let fake = FakeAWS()
        fake.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [alarm("secret-read", threshold: 5)]])
        fake.on(.cloudwatch, "ListTagsForResource", reply: ["Tags": tagList(ownedTags("secret_read_alarm"))])
        let driver = AlarmDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["secret-read"], hints: [:], context: context)["secret-read"])
        let changes = driver.diff(desired: driver.normalize(desired, id: "secret_read_alarm", context: context), live: live)
        #expect(changes == [PropertyChange(path: "threshold", old: .int(5), new: .int(1))])
        _ = try await driver.update(id: "secret_read_alarm", live: live, properties: desired, changes: changes, context: context)
        let put = try #require(fake.inputs(.cloudwatch, "PutMetricAlarm").first)
        #expect(put["Threshold"] == 1.0)
        #expect(put["Tags"].isNull)
        #expect(fake.inputs(.cloudwatch, "TagResource").isEmpty)
    }

    @Test func aRemovedTagIsRestoredWithoutRewritingTheAlarm() async throws {
        let fake = FakeAWS()
        fake.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [alarm("secret-read")]])
        var tags = ownedTags("secret_read_alarm")
        tags["team"] = nil
        fake.on(.cloudwatch, "ListTagsForResource", reply: ["Tags": tagList(tags)])
        let driver = AlarmDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["secret-read"], hints: [:], context: context)["secret-read"])
        let changes = driver.diff(desired: driver.normalize(desired, id: "secret_read_alarm", context: context), live: live)
        #expect(changes.map(\.path) == ["tags.team"])
        _ = try await driver.update(id: "secret_read_alarm", live: live, properties: desired, changes: changes, context: context)
        #expect(fake.inputs(.cloudwatch, "PutMetricAlarm").isEmpty)
        #expect(fake.inputs(.cloudwatch, "TagResource")[0] == [
            "ResourceARN": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:secret-read", "Tags": [["Key": "team", "Value": "security"]],
        ])
    }

    @Test func unsetDatapointsAndMissingDataReadAsAWSDefaults() async throws {
        let fake = FakeAWS()
        var raw = alarm("a").map
        raw["DatapointsToAlarm"] = nil
        raw["TreatMissingData"] = nil
        raw["EvaluationPeriods"] = 2
        fake.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [.map(raw)]])
        let live = try #require(try await AlarmDriver(client: fake, options: testOptions()).read(["a"], hints: [:], context: context)["a"])
        #expect(live.properties["datapoints_to_alarm"] == .int(2))
        #expect(live.properties["treat_missing_data"] == .s("missing"))
        #expect(live.ownerStack == nil)
    }
}
