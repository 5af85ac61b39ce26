import SecmonApply
import SecmonCore
import PlanTestSupport
import SecmonGraph
import SecmonPlan
import Testing

/// One stack applied in two regions: regional resources are each region's own, a global one
/// (a role) found made by the same stack from another region is refused before any write,
/// unless it is shared on purpose, and no region's plan deletes what another region manages.
@Suite struct RegionOwnershipTests {
    /// One account: a role store every region sees, and a log group store per region.
    final class Account: Sendable {
        let global = FakeCloud()
        let east = FakeCloud()
        let west = FakeCloud()

        func context(_ region: String) -> DriverContext {
            DriverContext(stackName: "test-stack", accountID: "123456789012", region: region)
        }

        func drivers(_ region: String) -> DriverRegistry {
            DriverRegistry([
                FakeDriver(kind: "role", replaceOn: ["name"], cloud: global, isGlobal: true),
                FakeDriver(kind: "log_group", replaceOn: ["name"], cloud: region == "us-east-1" ? east : west),
            ])
        }

        func plan(_ graph: DesiredGraph, in region: String, mode: PlanMode = .apply) async throws -> Plan {
            try await Planner(drivers: drivers(region), context: context(region), options: PlanOptions(mode: mode)).plan(graph)
        }

        func apply(_ graph: DesiredGraph, in region: String, mode: PlanMode = .apply) async throws -> Plan {
            let plan = try await plan(graph, in: region, mode: mode)
            let result = await Executor(drivers: drivers(region)).apply(plan)
            #expect(result.succeeded, "\(result)")
            return plan
        }
    }

    /// A log group and a role allowed to write to it; the role named as given.
    func stack(roleName: Value, shared: Bool = false, policy: Value = ref("logs", "arn")) -> DesiredGraph {
        var role = resource("role", "role", ["name": roleName, "policy": policy])
        role.sharedAcrossRegions = shared
        role.location = SourceLocation(file: "stack.yaml", line: 9, column: 3)
        return graph([resource("logs", "log_group", ["name": .string("/secmon/logs")]), role])
    }

    let region = AttributeReference(resource: "aws", attribute: "region")
    var perRegion: Value { template(.literal("test-stack-logs-"), .reference(region)) }

    @Test func aRoleNamedPerRegionLetsEachRegionConvergeAndDestroyOnlyItsOwn() async throws {
        let account = Account()
        _ = try await account.apply(stack(roleName: perRegion), in: "us-east-1")
        _ = try await account.apply(stack(roleName: perRegion), in: "us-west-2")
        for region in ["us-east-1", "us-west-2"] {
            #expect(try await account.plan(stack(roleName: perRegion), in: region).hasChanges == false, "\(region)")
        }
        let destroy = try await account.apply(stack(roleName: perRegion), in: "us-west-2", mode: .destroy)
        #expect(destroy.actions.compactMap(\.physicalID).sorted() == ["/secmon/logs", "test-stack-logs-us-west-2"])
        #expect(await account.global.get("role", "test-stack-logs-us-east-1") != nil)
        #expect(await account.east.get("log_group", "/secmon/logs") != nil)
        #expect(try await account.plan(stack(roleName: perRegion), in: "us-east-1").hasChanges == false)
    }

    @Test func aGlobalResourceOfTheSameStackFromAnotherRegionIsRefusedWithHowToNameItPerRegion() async throws {
        let account = Account()
        _ = try await account.apply(stack(roleName: .string("test-stack-logs")), in: "us-east-1")
        await account.global.clearLog()
        let error = await #expect(throws: PlanError.self) {
            _ = try await account.plan(stack(roleName: .string("test-stack-logs")), in: "us-west-2")
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("role (stack.yaml:9:3): a role named \"test-stack-logs\" already exists and belongs to this stack "
                              + "(test-stack) in region us-east-1; role names are global"), "\(text)")
        #expect(text.contains("Name it per region, e.g. `name: ${stack.name}-logs-${aws.region}`"), "\(text)")
        #expect(text.contains("shared_across_regions: true"), "\(text)")
    }

    @Test func noRegionsPlanDeletesAGlobalResourceAnotherRegionManages() async throws {
        let account = Account()
        _ = try await account.apply(stack(roleName: perRegion), in: "us-east-1")
        // us-west-2's stack no longer declares the role: us-east-1's is not its orphan.
        let logsOnly = graph([resource("logs", "log_group", ["name": .string("/secmon/logs")])])
        let plan = try await account.plan(logsOnly, in: "us-west-2")
        #expect(plan.actions.map(\.action) == [.create])
        let destroy = try await account.plan(stack(roleName: .string("test-stack-logs-us-east-1")), in: "us-west-2", mode: .destroy)
        #expect(destroy.actions.isEmpty)
    }

    @Test func aSharedGlobalResourceIsManagedFromTheRegionThatMadeItAndReadElsewhere() async throws {
        let account = Account()
        let agnostic = Value.list([.map(["actions": .list([.string("logs:PutLogEvents")]), "resources": .list([.string("*")])])])
        let shared = stack(roleName: .string("test-stack-logs"), shared: true, policy: agnostic)
        _ = try await account.apply(shared, in: "us-east-1")
        await account.global.clearLog()
        let west = try await account.apply(shared, in: "us-west-2")
        let role = try #require(west.action("role"))
        #expect(role.action == .read)
        #expect(role.sharedFromRegion == "us-east-1")
        #expect(await account.global.log.filter { !$0.hasPrefix("read") && !$0.hasPrefix("list") } == [],
                "a region sharing the role never writes it")
        #expect(try await account.plan(shared, in: "us-west-2").hasChanges == false)
        let destroy = try await account.plan(shared, in: "us-west-2", mode: .destroy)
        #expect(destroy.actions.map(\.kind) == ["log_group"], "only the region that manages it deletes it")
    }

    @Test func aSharedGlobalResourceDeclaredDifferentlyInAnotherRegionIsRefused() async throws {
        let account = Account()
        // Its policy names the region's log group: each region would want another role.
        let regional = Value.list([.map(["actions": .list([.string("logs:PutLogEvents")]),
                                          "resources": .list([template(.literal("arn:logs:"), .reference(region))])])])
        let shared = stack(roleName: .string("test-stack-logs"), shared: true, policy: regional)
        _ = try await account.apply(shared, in: "us-east-1")
        let error = await #expect(throws: PlanError.self) {
            _ = try await account.plan(shared, in: "us-west-2")
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains(
            "the role \"test-stack-logs\" is shared across regions and managed from us-east-1, where it was made with other policy"))
    }
}
