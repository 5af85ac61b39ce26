import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct MetricFilterDriverTests {
    let desired: [String: Value] = [
        "name": .s("secret-reads"), "log_group": .s("/secmon/trail"),
        "pattern": .s(#"{ $.eventName = "GetSecretValue" }"#),
        "metric_namespace": .s("SecMon"), "metric_name": .s("SecretIsAccessed"), "default_value": .int(0),
        "tests": .list([.map(["event": .s("x")])]),
    ]

    func filter(_ name: String, group: String = "/secmon/trail") -> AWSValue {
        ["filterName": .string(name), "logGroupName": .string(group), "filterPattern": #"{ $.eventName = "GetSecretValue" }"#,
         "metricTransformations": [["metricName": "SecretIsAccessed", "metricNamespace": "SecMon", "metricValue": "1",
                                    "defaultValue": 0.0]]]
    }

    @Test func physicalIDIsGroupAndName() {
        let driver = MetricFilterDriver(client: FakeAWS())
        #expect(driver.physicalID(of: desired, context: context) == "/secmon/trail:secret-reads")
        let parsed = MetricFilterDriver.parse(physicalID: "/secmon/trail:secret-reads")
        #expect(parsed?.logGroup == "/secmon/trail" && parsed?.name == "secret-reads")
    }

    @Test func putSendsOneTransformation() async throws {
        let fake = FakeAWS()
        let attributes = try await MetricFilterDriver(client: fake).create(id: "secret_reads", properties: desired, context: context)
        let put = fake.inputs(.logs, "PutMetricFilter")[0]
        #expect(put["filterName"] == "secret-reads")
        #expect(put["logGroupName"] == "/secmon/trail")
        #expect(put["metricTransformations"] == [["metricName": "SecretIsAccessed", "metricNamespace": "SecMon",
                                                  "metricValue": "1", "defaultValue": 0.0]])
        #expect(attributes == ["name": .s("secret-reads"), "metric_namespace": .s("SecMon"), "metric_name": .s("SecretIsAccessed")])
    }

    @Test func readIsOwnedThroughTheLogGroupAndConverged() async throws {
        let fake = FakeAWS()
        fake.on(.logs, "DescribeMetricFilters", reply: ["metricFilters": [filter("secret-reads-2"), filter("secret-reads")]])
        fake.on(.logs, "ListTagsForResource", reply: ["tags": tagMap(ownedTags("trail_logs"))])
        let driver = MetricFilterDriver(client: fake, options: testOptions())
        let found = try await driver.read(["/secmon/trail:secret-reads"], hints: [:], context: context)
        #expect(found.count == 1)
        let live = try #require(found["/secmon/trail:secret-reads"])
        #expect(live.ownerStack == "demo")
        // The whole group is listed (no name prefix): the plan's orphan search reuses the listing.
        #expect(fake.inputs(.logs, "DescribeMetricFilters") == [["logGroupName": "/secmon/trail"]])
        #expect(driver.diff(desired: driver.normalize(desired, id: "secret_reads", context: context), live: live).isEmpty)
        #expect(live.attributes["metric_name"] == .s("SecretIsAccessed"))
    }

    @Test func aFilterInAnUnownedGroupIsUnowned() async throws {
        let fake = FakeAWS()
        fake.on(.logs, "DescribeMetricFilters", reply: ["metricFilters": [filter("secret-reads")]])
        fake.on(.logs, "ListTagsForResource", reply: ["tags": [:]])
        let found = try await MetricFilterDriver(client: fake, options: testOptions())
            .read(["/secmon/trail:secret-reads"], hints: [:], context: context)
        #expect(found["/secmon/trail:secret-reads"]?.ownerStack == nil)
    }

    @Test func listOwnedWalksOwnedLogGroupsOnly() async throws {
        let fake = FakeAWS()
        fake.on(.logs, "DescribeMetricFilters") { input in
            ["metricFilters": [self.filter("f", group: input["logGroupName"].string ?? "")]]
        }
        let parents = [
            LiveResource(kind: "log_group", physicalID: "/mine", properties: [:], attributes: [:], ownerStack: "demo"),
            LiveResource(kind: "log_group", physicalID: "/theirs", properties: [:], attributes: [:], ownerStack: "other"),
            LiveResource(kind: "topic", physicalID: "t", properties: [:], attributes: [:], ownerStack: "demo"),
        ]
        let owned = try await MetricFilterDriver(client: fake, options: testOptions()).listOwned(context: context, parents: parents)
        #expect(owned.map(\.physicalID) == ["/mine:f"])
        #expect(owned.first?.ownerStack == "demo")
    }

    @Test func ofTwoFiltersWithOneNameTheLatestPutCounts() async throws {
        let fake = FakeAWS()
        var older = filter("secret-reads").map
        older["filterPattern"] = "old"
        fake.on(.logs, "DescribeMetricFilters", reply: ["metricFilters": [.map(older), filter("secret-reads")]])
        let found = try await MetricFilterDriver(client: fake, options: testOptions())
            .read(["/secmon/trail:secret-reads"], hints: [:], context: context)
        #expect(found["/secmon/trail:secret-reads"]?.properties["pattern"] == .s(#"{ $.eventName = "GetSecretValue" }"#))
    }

    @Test func deleteRepeatsUntilNoFilterOfThatNameIsLeft() async throws {
        let fake = FakeAWS()
        fake.once(.logs, "DescribeMetricFilters", reply: ["metricFilters": [filter("secret-reads")]])
        fake.on(.logs, "DescribeMetricFilters", reply: ["metricFilters": [filter("secret-reads-2")]])
        let live = LiveResource(kind: "metric_filter", physicalID: "/secmon/trail:secret-reads", properties: [:],
                                attributes: [:], ownerStack: "demo")
        _ = try await MetricFilterDriver(client: fake, options: testOptions()).delete(live, context: context)
        #expect(fake.inputs(.logs, "DeleteMetricFilter").count == 2)
        #expect(fake.inputs(.logs, "DeleteMetricFilter")[0] == ["logGroupName": "/secmon/trail", "filterName": "secret-reads"])
    }
}
