import AWSClient
import Foundation
import SecmonCore
import SecmonGraph
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

/// An account holding a converged generated stack (log groups, topics, and a metric filter and
/// an alarm per pair, as scripts/gen-stack makes), one orphan filter of the stack, and another
/// stack's log group with its filters. Answers as AWS does (filters honoured, pages of 50).
private final class GeneratedAccount: @unchecked Sendable {
    let groups: Int, topics: Int, pairs: Int
    let aws = FakeAWS()
    static let otherGroup = "/other/logs"

    init(groups: Int, topics: Int, pairs: Int) {
        self.groups = groups
        self.topics = topics
        self.pairs = pairs
        let filters = (0 ..< pairs).map { Self.filter("f\($0)", group: "/g/\($0 % groups)") }
            + [Self.filter("orphan", group: "/g/0"), Self.filter("theirs", group: Self.otherGroup)]
        let groupNames = (0 ..< groups).map { "/g/\($0)" } + [Self.otherGroup]
        var owned: [AWSValue] = (0 ..< groups).map {
            Self.mapping("arn:aws:logs:us-east-1:123456789012:log-group:/g/\($0):*", "logs_\($0)")
        }
        owned += (0 ..< topics).map { Self.mapping("arn:aws:sns:us-east-1:123456789012:t\($0)", "topic_\($0)") }
        owned += (0 ..< pairs).map { Self.mapping("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a\($0)", "alarm_\($0)") }

        aws.on(.resourcegroupstaggingapi, "GetResources", reply: ["ResourceTagMappingList": .list(owned)])
        aws.on(.logs, "DescribeLogGroups") { input in
            let names = input["logGroupIdentifiers"].list.compactMap(\.string)
            let prefix = input["logGroupNamePrefix"].string ?? ""
            let listed = groupNames.filter { names.isEmpty ? $0.hasPrefix(prefix) : names.contains($0) }
            return Self.page(listed.map { ["logGroupName": .string($0), "retentionInDays": 30,
                                           "arn": .string("arn:aws:logs:us-east-1:123456789012:log-group:\($0):*")] },
                             input, items: "logGroups", size: 50)
        }
        aws.on(.logs, "DescribeMetricFilters") { input in
            let group = input["logGroupName"].string
            return Self.page(filters.filter { group == nil || $0["logGroupName"].string == group }, input,
                             items: "metricFilters", size: 50)
        }
        aws.on(.logs, "ListTagsForResource", reply: ["tags": ["secmon:stack": "other", "secmon:id": "x"]])
        aws.on(.cloudwatch, "DescribeAlarms") { input in
            let names = input["AlarmNames"].list.compactMap(\.string)
            return ["MetricAlarms": .list(names.map {
                ["AlarmName": .string($0), "AlarmArn": .string("arn:aws:cloudwatch:us-east-1:123456789012:alarm:\($0)"),
                 "Namespace": "N", "MetricName": "M", "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1,
                 "Threshold": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold"]
            })]
        }
        aws.on(.sns, "GetTopicAttributes") { input in ["Attributes": ["TopicArn": input["TopicArn"]]] }
    }

    static func mapping(_ arn: String, _ id: String) -> AWSValue {
        ["ResourceARN": .string(arn), "Tags": tagList(ownedTags(id))]
    }

    static func filter(_ name: String, group: String) -> AWSValue {
        ["filterName": .string(name), "logGroupName": .string(group), "filterPattern": "x",
         "metricTransformations": [["metricName": "M", "metricNamespace": "N", "metricValue": "1"]]]
    }

    /// One page of `items`, `size` long, with a `nextToken` when more follow.
    static func page(_ items: [AWSValue], _ input: AWSValue, items key: String, size: Int) -> AWSValue {
        let start = Int(input["nextToken"].string ?? "0") ?? 0
        let end = min(start + size, items.count)
        var page: [String: AWSValue] = [key: .list(Array(items[min(start, end) ..< end]))]
        if end < items.count { page["nextToken"] = .string(String(end)) }
        return .map(page)
    }

    /// The stack, as scripts/gen-stack writes it (references already resolved).
    var graph: DesiredGraph {
        var resources: [String: DesiredResource] = [:]
        var order: [String] = []
        func add(_ id: String, _ kind: String, _ properties: [String: Value]) {
            resources[id] = DesiredResource(id: id, kind: kind, properties: properties, dependencies: [])
            order.append(id)
        }
        for g in 0 ..< groups { add("logs_\(g)", "log_group", ["name": .s("/g/\(g)"), "retention_days": .int(30)]) }
        for t in 0 ..< topics { add("topic_\(t)", "topic", ["name": .s("t\(t)")]) }
        for i in 0 ..< pairs {
            add("filter_\(i)", "metric_filter", ["name": .s("f\(i)"), "log_group": .s("/g/\(i % groups)"), "pattern": .s("x"),
                                                 "metric_namespace": .s("N"), "metric_name": .s("M"), "metric_value": .s("1")])
            add("alarm_\(i)", "alarm", ["name": .s("a\(i)"), "metric_namespace": .s("N"), "metric_name": .s("M"),
                                        "statistic": .s("Sum"), "period": .int(300), "threshold": .int(1)])
        }
        return DesiredGraph(stackName: "demo", region: nil, tags: [:], resources: resources, order: order)
    }

    func plan() async throws -> Plan {
        var options = testOptions()
        options.ownership = StackOwnership(client: aws)
        let drivers = DriverRegistry(ResourceDrivers.all(client: aws, options: options))
        return try await Planner(drivers: drivers, context: context).plan(graph)
    }

    func count(_ service: AWSService, _ operation: String) -> Int { aws.inputs(service, operation).count }
}

/// A plan reads each kind in batches shared by its read and its orphan search: the request count
/// follows the number of batches, not of resources.
struct BatchedReadsTests {
    @Test func aGeneratedStackIsReadInBatchesPerKind() async throws {
        let account = GeneratedAccount(groups: 20, topics: 10, pairs: 200)
        let plan = try await account.plan()

        #expect(account.count(.resourcegroupstaggingapi, "GetResources") == 1)
        // 20 log groups: one call by name (was one per group).
        #expect(account.count(.logs, "DescribeLogGroups") == 1)
        #expect(account.aws.inputs(.logs, "DescribeLogGroups").first?["logGroupIdentifiers"].list.count == 20)
        // 200 alarms: 100 names a call.
        #expect(account.count(.cloudwatch, "DescribeAlarms") == 2)
        // 202 filters in the account: one walk of 5 pages serves the read and the orphan search
        // (was two calls per group: 40).
        #expect(account.count(.logs, "DescribeMetricFilters") == 5)
        #expect(account.aws.inputs(.logs, "DescribeMetricFilters").allSatisfy { $0["logGroupName"] == .null })
        // The owners come from the ownership index: no tag read for any group (was one per group).
        #expect(account.count(.logs, "ListTagsForResource") == 0)
        #expect(account.count(.sns, "GetTopicAttributes") == 10)
        // 10 owned topics: one walk of the account's subscriptions (was one call per topic).
        #expect(account.count(.sns, "ListSubscriptions") == 1)
        #expect(account.count(.sns, "ListSubscriptionsByTopic") == 0)
        #expect(account.aws.calls.count <= 30, "\(account.aws.operations)")

        // Still correct beyond the stack: the stack's orphan filter is deleted, another stack's
        // group and filters are left alone.
        let deletes = plan.actions.filter { $0.action == .delete }.compactMap(\.physicalID)
        #expect(deletes == ["/g/0:orphan"])
        #expect(!plan.actions.contains { $0.physicalID?.hasPrefix(GeneratedAccount.otherGroup) ?? false })
    }

    @Test func aSmallStackListsEachParentOnceWithoutWalkingTheAccount() async throws {
        let account = GeneratedAccount(groups: 2, topics: 1, pairs: 4)
        let plan = try await account.plan()
        // One listing per log group, shared by the read and the orphan search (was two each).
        #expect(account.aws.inputs(.logs, "DescribeMetricFilters").map { $0["logGroupName"] } == ["/g/0", "/g/1"]
            || account.aws.inputs(.logs, "DescribeMetricFilters").map { $0["logGroupName"] } == ["/g/1", "/g/0"])
        #expect(account.count(.sns, "ListSubscriptionsByTopic") == 1)
        #expect(account.count(.sns, "ListSubscriptions") == 0)
        #expect(account.count(.logs, "DescribeLogGroups") == 1)
        #expect(plan.actions.filter { $0.action == .delete }.compactMap(\.physicalID) == ["/g/0:orphan"])
    }

    /// Topics' attributes are all asked for before any waits for its tags: with more topics than
    /// the read's concurrency, a topic waiting for the ownership index (still paging) must not
    /// hold back the others' reads (the index is held here until every topic was asked for).
    @Test func noTopicReadWaitsForAnothersTags() async throws {
        let account = GeneratedAccount(groups: 1, topics: 12, pairs: 1)
        account.aws.hold(.resourcegroupstaggingapi, "GetResources") { calls in
            calls.filter { $0.operation == "GetTopicAttributes" }.count >= 12
        }
        let plan = try await account.plan()
        #expect(account.count(.sns, "GetTopicAttributes") == 12)
        #expect(!plan.actions.contains { $0.kind == "topic" && $0.action == .create }, "every topic was found")
    }

    /// A policy without the walk's action: one call per parent, and the plan still succeeds.
    @Test func aRefusedWalkFallsBackToACallPerParent() async throws {
        let account = GeneratedAccount(groups: 1, topics: 10, pairs: 1)
        account.aws.on(.sns, "ListSubscriptions") { _ in
            throw AWSError(kind: .service, service: "sns", operation: "ListSubscriptions", code: "AccessDenied",
                           message: "not allowed", status: 403)
        }
        _ = try await account.plan()
        #expect(account.count(.sns, "ListSubscriptions") == 1)
        #expect(account.count(.sns, "ListSubscriptionsByTopic") == 10)
    }

    /// A log group another stack owns: its filter is read with that owner (so the conflict names
    /// it), through one tag read, the only one of the plan.
    @Test func aFilterInAnotherStacksGroupIsReadWithItsOwner() async throws {
        let account = GeneratedAccount(groups: 1, topics: 1, pairs: 1)
        var options = testOptions()
        options.ownership = StackOwnership(client: account.aws)
        let driver = MetricFilterDriver(client: account.aws, options: options).forPlan()
        let found = try await driver.read(["\(GeneratedAccount.otherGroup):theirs"], hints: [:], context: context)
        #expect(found["\(GeneratedAccount.otherGroup):theirs"]?.ownerStack == "other")
        #expect(account.count(.logs, "ListTagsForResource") == 1)
    }
}
