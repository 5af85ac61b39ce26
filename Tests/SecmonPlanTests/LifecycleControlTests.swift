import SecmonApply
import SecmonCore
import SecmonGraph
import PlanTestSupport
import SecmonPlan
import SecmonResources
import Testing

/// `lifecycle: retain` and `lifecycle: protect`: the planner's decisions (declared in the
/// stack, or recorded on the live resource by an earlier apply) and how plans show them.
@Suite struct LifecycleControlTests {
    /// The pipeline with `lifecycle` set on its log group.
    private func pipeline(_ lifecycle: ResourceLifecycle, retention: Int = 90) -> DesiredGraph {
        var graph = PlanTestSupport.pipeline()
        graph.resources["trail_logs"]?.lifecycle = lifecycle
        graph.resources["trail_logs"]?.properties["retention_days"] = .int(retention)
        graph.resources["trail_logs"]?.lifecycleLocation = SourceLocation(file: "s.yaml", line: 4, column: 5)
        return graph
    }

    private func applied(_ world: FakeWorld, _ desired: DesiredGraph, mode: PlanMode = .apply) async throws -> Plan {
        let plan = try await world.planner(mode: mode).plan(desired)
        let result = await Executor(drivers: world.drivers).apply(plan)
        #expect(result.succeeded, "\(result)")
        await world.cloud.clearLog()
        return plan
    }

    /// What was written since the log was last cleared (reads and listings excluded).
    private func writes(_ world: FakeWorld) async -> [String] {
        await world.cloud.log.filter { !$0.hasPrefix("read ") && !$0.hasPrefix("list ") }
    }

    private func refused(_ world: FakeWorld, _ desired: DesiredGraph, mode: PlanMode = .apply) async throws -> [ProtectedResource] {
        do {
            _ = try await world.planner(mode: mode).plan(desired)
        } catch PlanError.protectedResources(let refused) {
            return refused
        }
        Issue.record("the plan was not refused")
        return []
    }

    @Test func theControlsAreRecordedAsTagsWhenApplied() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(retain: true, protect: true)))
        let live = try #require(await world.cloud.get("log_group", "/secmon/trail"))
        #expect(live.properties["tags"]?["secmon:retain"] == .string("true"))
        #expect(live.properties["tags"]?["secmon:protect"] == .string("true"))
        // Converged: the recorded controls diff to nothing.
        let again = try await world.planner().plan(pipeline(ResourceLifecycle(retain: true, protect: true)))
        #expect(!again.hasChanges)
    }

    @Test func addingAControlIsATagChangeInThePlan() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle()))
        let plan = try await world.planner().plan(pipeline(ResourceLifecycle(protect: true)))
        let logs = try #require(plan.action("trail_logs"))
        #expect(logs.action == .update)
        #expect(logs.changes.map(\.path) == ["tags.secmon:protect"])
    }

    @Test func protectRefusesDestroyBeforeAnythingIsWritten() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(protect: true)))
        let refused = try await refused(world, pipeline(ResourceLifecycle(protect: true)), mode: .destroy)
        #expect(refused.map(\.resource) == ["trail_logs"])
        #expect(refused.first?.reason == .destroyed)
        #expect(refused.first?.location == SourceLocation(file: "s.yaml", line: 4, column: 5))
        let message = PlanError.protectedResources(refused).description
        #expect(message.hasPrefix("trail_logs (s.yaml:4:5): log_group \"/secmon/trail\" is protected (lifecycle: protect: true)"))
        #expect(message.contains("remove protect: true from the stack and apply, then destroy"))
        #expect(await writes(world).isEmpty)
    }

    @Test func protectRefusesAReplacingChange() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(protect: true)))
        var renamed = pipeline(ResourceLifecycle(protect: true))
        renamed.resources["trail_logs"]?.properties["name"] = .string("/secmon/trail-v2")
        let refused = try await refused(world, renamed)
        #expect(refused.map(\.resource) == ["trail_logs"])
        #expect(refused.first?.reason == .replaced(causes: ["name"]))
        #expect(PlanError.protectedResources(refused).description.contains("Keep name as it is"))
        #expect(await writes(world).isEmpty)
    }

    @Test func aReplacementForcedByAPropertyIsRefusedWhileTheProtectionIsRecorded() async throws {
        let world = FakeWorld()
        let drivers = DriverRegistry([FakeDriver(kind: "log_group", replaceOn: ["name", "kms_key"], cloud: world.cloud)])
        func logs(_ lifecycle: ResourceLifecycle, key: String) -> DesiredGraph {
            var logs = resource("trail_logs", "log_group", ["name": .string("/l"), "kms_key": .string(key)])
            logs.lifecycle = lifecycle
            return graph([logs])
        }
        let first = try await Planner(drivers: drivers, context: testContext).plan(logs(ResourceLifecycle(protect: true), key: "k1"))
        #expect(await Executor(drivers: drivers).apply(first).succeeded)
        await world.cloud.clearLog()
        // The protection dropped and the replacing change made in one plan: still refused.
        do {
            _ = try await Planner(drivers: drivers, context: testContext).plan(logs(ResourceLifecycle(), key: "k2"))
            Issue.record("the plan was not refused")
        } catch PlanError.protectedResources(let refused) {
            #expect(refused.first?.reason == .replaced(causes: ["kms_key"]))
            #expect(refused.first?.declaredProtected == false)
            let message = refused.first?.description ?? ""
            #expect(message.contains("a change to kms_key cannot be made in place"))
            #expect(message.contains("recorded on it as the tag secmon:protect=true"))
            #expect(message.contains("Keep kms_key as it is"))
        }
        #expect(await writes(world).isEmpty)
    }

    @Test func protectRecordedOnAResourceRemovedFromTheStackRefusesItsDeletion() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(protect: true)))
        var removed = pipeline(ResourceLifecycle())
        removed.resources["trail_logs"] = nil
        removed.resources["secret_reads"] = nil
        removed.order.removeAll { $0 == "trail_logs" || $0 == "secret_reads" }
        let refused = try await refused(world, removed)
        #expect(refused.map(\.resource) == ["trail_logs"])
        #expect(refused.first?.reason == .removedFromStack)
        #expect(refused.first?.declaredProtected == false)
        #expect(await writes(world).isEmpty)
    }

    @Test func droppingProtectTakesAnApplyOfItsOwnBeforeTheDestroy() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(protect: true)))
        // Still recorded on the resource: refused.
        _ = try await refused(world, pipeline(ResourceLifecycle()), mode: .destroy)
        _ = try await applied(world, pipeline(ResourceLifecycle()))
        let destroy = try await world.planner(mode: .destroy).plan(pipeline(ResourceLifecycle()))
        #expect(destroy.action("trail_logs")?.action == .delete)
    }

    @Test func retainReleasesOnDestroyAndTheResourceIsNoLongerOwned() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(retain: true, protect: true)))
        let destroy = try await applied(world, pipeline(ResourceLifecycle(retain: true, protect: true)), mode: .destroy)
        #expect(destroy.action("trail_logs")?.action == .release, "retain wins over protect: releasing deletes nothing")
        #expect(destroy.summary.release == 1)
        let live = try #require(await world.cloud.get("log_group", "/secmon/trail"), "still there")
        #expect((live.properties["tags"]?.mapValue ?? [:]).keys.allSatisfy { !$0.hasPrefix("secmon:") })
        // Destroyed again: nothing is owned any more.
        let after = try await world.planner(mode: .destroy).plan(pipeline(ResourceLifecycle(retain: true)))
        #expect(!after.hasChanges)
    }

    @Test func retainRecordedOnAResourceRemovedFromTheStackReleasesIt() async throws {
        let world = FakeWorld()
        _ = try await applied(world, pipeline(ResourceLifecycle(retain: true)))
        var removed = pipeline(ResourceLifecycle())
        removed.resources["trail_logs"] = nil
        removed.resources["secret_reads"] = nil
        removed.order.removeAll { $0 == "trail_logs" || $0 == "secret_reads" }
        let plan = try await applied(world, removed)
        #expect(plan.action("trail_logs")?.action == .release)
        #expect(plan.action("secret_reads") == nil, "its filter goes with it: a child is listed through its parent")
        #expect(await world.cloud.get("log_group", "/secmon/trail") != nil)
        #expect(plan.summary == PlanSummary(release: 1))
        // The stack declaring it again finds a resource nobody owns: a conflict, not a claim.
        await #expect(throws: PlanError.self) { try await world.planner().plan(pipeline(ResourceLifecycle())) }
    }
}
