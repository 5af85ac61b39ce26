import SecmonApply
import SecmonCore
import PlanTestSupport
import SecmonGraph
import SecmonPlan
import Testing

/// `targets:`: what one target's plans made carries its id (`secmon:target`), and no other
/// target of the stack reaching the same account and region changes or deletes it; a resource
/// without the tag belongs to the default target, so a deployment made before the tag (or
/// without targets) stays owned and is tagged in place.
@Suite struct TargetOwnershipTests {
    let cloud = FakeCloud()

    func context(target: String?) -> DriverContext {
        DriverContext(stackName: "test-stack", accountID: "123456789012", region: "us-east-1", target: target)
    }

    func drivers() -> DriverRegistry {
        DriverRegistry([FakeDriver(kind: "log_group", replaceOn: ["name"], cloud: cloud)])
    }

    func plan(_ graph: DesiredGraph, target: String?, mode: PlanMode = .apply) async throws -> Plan {
        try await Planner(drivers: drivers(), context: context(target: target), options: PlanOptions(mode: mode)).plan(graph)
    }

    func apply(_ graph: DesiredGraph, target: String?, mode: PlanMode = .apply) async throws {
        let result = await Executor(drivers: drivers()).apply(try await plan(graph, target: target, mode: mode))
        #expect(result.succeeded, "\(result)")
    }

    var logs: DesiredGraph {
        var logs = resource("logs", "log_group", ["name": .string("/secmon/logs")])
        logs.location = SourceLocation(file: "stack.yaml", line: 7, column: 3)
        return graph([logs])
    }

    @Test func anotherTargetInTheSameAccountAndRegionNeitherChangesNorDeletesIt() async throws {
        try await apply(logs, target: "arn:aws:iam::123456789012:role/a")
        let tags = await cloud.get("log_group", "/secmon/logs")?.properties["tags"]
        #expect(tags?["secmon:target"] == .string("arn:aws:iam::123456789012:role/a"))

        let error = await #expect(throws: PlanError.self) { _ = try await plan(logs, target: "b") }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("logs (stack.yaml:7:3): a log_group named \"/secmon/logs\" already exists and belongs to this stack "
                              + "(test-stack) through its target \"arn:aws:iam::123456789012:role/a\""), "\(text)")
        #expect(text.contains("give it `name: arn:aws:iam::123456789012:role/a`"), "\(text)")
        #expect(try await plan(logs, target: "b", mode: .destroy).actions.isEmpty, "b's destroy claims nothing of a's")
        #expect(try await plan(graph([]), target: "b").actions.isEmpty, "nor is it b's orphan")
        #expect(try await plan(graph([]), target: nil).actions.isEmpty, "nor the default target's")
        let untargeted = await #expect(throws: PlanError.self) { _ = try await plan(logs, target: nil) }
        #expect("\(untargeted.map { "\($0)" } ?? "")".contains(
            "the stack without targets: never changes what one of its targets manages. Add that target back"))
        #expect(try await plan(logs, target: "arn:aws:iam::123456789012:role/a").hasChanges == false)
    }

    @Test func aResourceWithoutTheTagBelongsToTheDefaultTargetAndIsTaggedInPlace() async throws {
        try await apply(logs, target: nil)
        #expect(try await plan(logs, target: nil).hasChanges == false)
        let adopted = try await plan(logs, target: "prod")
        let action = try #require(adopted.action("logs"))
        #expect(action.action == .update)
        #expect(action.changes.map(\.path) == ["tags.secmon:target"])
    }

    @Test func overlappingGlobalWritesOfTwoTargetsInOneAccountAreFound() {
        func plan(_ region: String, _ account: String, _ actions: [(String, String, ActionKind)]) -> Plan {
            Plan(stackName: "s", mode: .apply,
                 context: DriverContext(stackName: "s", accountID: account, region: region),
                 actions: actions.map { PlannedAction(address: $0.0, kind: $0.1, action: $0.2, physicalID: $0.0 + "-name") })
        }
        let plans = [
            plan("us-east-1", "111111111111", [("trail_role", "role", .create), ("logs", "log_group", .create)]),
            plan("us-west-2", "111111111111", [("trail_role", "role", .create), ("logs", "log_group", .create)]),
            plan("us-east-1", "222222222222", [("trail_role", "role", .create)]),
            plan("eu-west-1", "111111111111", [("trail_role", "role", .read)]),
        ]
        let overlaps = TargetOverlap.find(plans) { $0 == "role" ? .account : nil }
        #expect(overlaps.map(\.description) == [
            "the role \"trail_role-name\" in account 111111111111 would be written by more than one target "
                + "(trail_role in us-east-1, trail_role in us-west-2); role names are global, so the targets would undo each other. "
                + "Name it per region, e.g. with -${aws.region} at the end of its name; or set shared_across_regions: true "
                + "on it and apply one region first (--region), so the others read what it made.",
        ])
    }

    /// A bucket name is unique across every account: two accounts' targets cannot each make it.
    @Test func aBucketNameTwoAccountsWouldEachMakeIsFound() {
        func plan(_ account: String, _ name: String) -> Plan {
            Plan(stackName: "s", mode: .apply, context: DriverContext(stackName: "s", accountID: account, region: "us-east-1"),
                 actions: [PlannedAction(address: "trail_bucket", kind: "bucket", action: .create, physicalID: name)])
        }
        let scope: (String) -> NameScope? = { $0 == "bucket" ? .everyAccount : nil }
        let overlaps = TargetOverlap.find([plan("111111111111", "acme-trail"), plan("222222222222", "acme-trail")], scope: scope)
        #expect(overlaps.map(\.description) == [
            "the bucket \"acme-trail\" would be written by more than one target (trail_bucket in account 111111111111 us-east-1, "
                + "trail_bucket in account 222222222222 us-east-1); bucket names are unique across every account, so the targets "
                + "would undo each other. Name it per account and region, e.g. with -${aws.account_id}-${aws.region} at the end of its name.",
        ])
        #expect(TargetOverlap.find([plan("111111111111", "acme-trail-111111111111"), plan("222222222222", "acme-trail-222222222222")],
                                   scope: scope).isEmpty)
    }
}
