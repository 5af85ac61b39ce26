import AWSClient
import Foundation
import SecmonCore
import SecmonGraph
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

/// An account holding the example's EventBridge rule and its target, converged, as a plan sees
/// it: the rule is found by name, its target listed under it.
private final class RuleAccount: @unchecked Sendable {
    static let pattern = #"{"detail-type":["AWS API Call via CloudTrail"],"source":["aws.secretsmanager"]}"#
    static let topic = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    let aws = FakeAWS()

    static func arn(_ name: String) -> String { "arn:aws:events:us-east-1:123456789012:rule/\(name)" }

    static func rule(_ name: String) -> AWSValue {
        ["Name": .string(name), "Arn": .string(arn(name)), "EventPattern": .string(pattern),
         "State": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"]
    }

    /// `indexed`: whether the ownership index lists the rule (AWS's tagging API does; the local
    /// endpoint's does not). `others`: more rules in the account, by name, with their logical ids.
    init(indexed: Bool, others: [String: String] = [:]) {
        let rules = ["secret-read-now"] + others.keys.sorted()
        aws.on(.resourcegroupstaggingapi, "GetResources", reply: ["ResourceTagMappingList": indexed
            ? [["ResourceARN": .string(Self.arn("secret-read-now")), "Tags": tagList(ownedTags("read_rule"))]] : []])
        aws.on(.events, "DescribeRule") { input in Self.rule(input["Name"].string ?? "") }
        aws.on(.events, "ListRules", reply: ["Rules": .list(rules.map(Self.rule))])
        aws.on(.events, "ListTargetsByRule", reply: ["Targets": [["Id": "alerts", "Arn": .string(Self.topic)]]])
        aws.on(.events, "ListTagsForResource") { input in
            let name = String((input["ResourceARN"].string ?? "").split(separator: "/").last ?? "")
            return ["Tags": tagList(ownedTags(others[name] ?? "read_rule"))]
        }
    }

    var graph: DesiredGraph {
        let rule = DesiredResource(id: "read_rule", kind: "event_rule",
                                   properties: ["name": .s("secret-read-now"), "event_pattern": .s(Self.pattern)],
                                   dependencies: [])
        let target = DesiredResource(id: "read_message", kind: "event_target",
                                     properties: ["rule": .s("secret-read-now"), "target_id": .s("alerts"), "arn": .s(Self.topic)],
                                     dependencies: ["read_rule"])
        return DesiredGraph(stackName: "demo", region: nil, tags: [:],
                            resources: ["read_rule": rule, "read_message": target], order: ["read_rule", "read_message"])
    }

    /// A plan whose identity answers only once the rule's read and the orphan search's listing
    /// of rules went out (bounded: a read waiting for the identity fails the plan).
    func plan() async throws -> Plan {
        var options = testOptions()
        options.ownership = StackOwnership(client: aws)
        let drivers = DriverRegistry(ResourceDrivers.all(client: aws, options: options))
        let aws = aws
        let planner = Planner(drivers: drivers, context: context.pendingIdentity, identity: {
            let clock = ContinuousClock(), start = clock.now
            while !Set(aws.operations).isSuperset(of: ["events.DescribeRule", "events.ListRules"]) {
                guard start.duration(to: clock.now) < .seconds(30) else {
                    throw PlanTestFailure(message: "the rule's reads waited for the identity: \(aws.operations)")
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            return context
        })
        return try await planner.plan(graph)
    }

    func count(_ operation: String) -> Int { aws.inputs(.events, operation).count }
}

private struct PlanTestFailure: Error { var message: String }

/// The rule is read by name beside the identity call, with its orphan search's listing; its
/// owner and its target's owner come from the ownership index; its targets are listed once.
struct EventRulePlanTests {
    @Test func aConvergedRuleCostsNoTagReadAndNoSecondListing() async throws {
        let account = RuleAccount(indexed: true)
        let plan = try await account.plan()
        #expect(!plan.hasChanges, "\(plan.actions.map { ($0.address, $0.action, $0.changes.map(\.path)) })")
        #expect(account.count("DescribeRule") == 1)
        #expect(account.count("ListRules") == 1)
        // The read's listing of the rule's targets serves the orphan search (was two calls).
        #expect(account.count("ListTargetsByRule") == 1)
        // The rule's tags and the target's owner: from the index (was two ListTagsForResource).
        #expect(account.count("ListTagsForResource") == 0)
    }

    /// An endpoint whose tagging API leaves rules out (the local endpoint's): tags read one by
    /// one, and the orphan search still finds the stack's rule the stack no longer declares.
    @Test func withoutRulesInTheIndexTagsAreReadAndOrphansStillFound() async throws {
        let account = RuleAccount(indexed: false, others: ["old-rule": "old_rule"])
        let plan = try await account.plan()
        #expect(plan.actions.filter { $0.action == .delete }.compactMap(\.physicalID) == ["old-rule"])
        #expect(account.count("ListRules") == 1)
        #expect(account.count("ListTargetsByRule") == 1)
        #expect(account.aws.inputs(.events, "ListTagsForResource").compactMap { $0["ResourceARN"].string }.sorted()
            == [RuleAccount.arn("old-rule"), RuleAccount.arn("secret-read-now"), RuleAccount.arn("secret-read-now")])
    }

    /// The index asks for rules too (`events:rule`), as many tags a page as AWS allows.
    @Test func theIndexAsksForRulesAndFullPages() async throws {
        let account = RuleAccount(indexed: true)
        _ = try await account.plan()
        let input = try #require(account.aws.inputs(.resourcegroupstaggingapi, "GetResources").first)
        #expect(input["ResourceTypeFilters"].list.contains("events:rule"))
        #expect(input["ResourcesPerPage"] == 100)
        #expect(input["TagsPerPage"] == 500)
    }
}
