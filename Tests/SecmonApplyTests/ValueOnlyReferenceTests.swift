import PlanTestSupport
@testable import SecmonApply
import SecmonCore
import SecmonGraph
import SecmonPlan
import Testing

/// A role's policy names a log group's ARN, which the plan knows from the group's name: IAM
/// needs no log group to exist, so neither the role's create waits for the group's, nor the
/// group's deletion for the role's. A trail does need its log group and role: it waits.
struct ValueOnlyReferenceTests {
    private func drivers(_ cloud: FakeCloud, logsARNAfterCreate: Bool = false) -> DriverRegistry {
        var role = FakeDriver(kind: "role", replaceOn: ["name"], cloud: cloud)
        role.valueOnly = ["allow_logs"]
        return DriverRegistry([
            FakeDriver(kind: "log_group", replaceOn: ["name"], cloud: cloud, arnAfterCreate: logsARNAfterCreate),
            role,
            FakeDriver(kind: "trail", replaceOn: ["name"], cloud: cloud),
        ])
    }

    private func desired(roleDependsOnLogs: Bool = false) -> DesiredGraph {
        var role = resource("role", "role", ["name": .string("trail-role"), "allow_logs": ref("logs", "arn")])
        if roleDependsOnLogs { role.declaredDependencies = ["logs"] }
        return graph([
            resource("logs", "log_group", ["name": .string("/trail")]),
            role,
            resource("trail", "trail", ["name": .string("t"), "log_group": ref("logs", "arn"), "role": ref("role", "arn")]),
        ])
    }

    /// The steps `address`'s step waits for, by address.
    private func predecessors(of address: String, _ operation: Step.Operation, in plan: Plan) -> Set<String> {
        let graph = ExecutionGraph(plan)
        guard let node = graph.nodes.firstIndex(where: { $0.step.address == address && $0.step.operation == operation })
        else { return ["(no step)"] }
        return Set(graph.nodes.indices.filter { graph.successors[$0].contains(node) }.map { graph.nodes[$0].step.address })
    }

    @Test func aReferenceByValueKnownAtPlanTimeOrdersNothing() async throws {
        let cloud = FakeCloud()
        let plan = try await Planner(drivers: drivers(cloud), context: testContext).plan(desired())
        let role = try #require(plan.actions.first { $0.address == "role" })
        #expect(role.dependencies == ["logs"])
        #expect(role.valueOnlyDependencies == ["logs"])
        #expect(plan.actions.first { $0.address == "trail" }?.valueOnlyDependencies == nil)
        #expect(predecessors(of: "role", .create, in: plan).isEmpty, "the role is created beside the log group")
        #expect(predecessors(of: "trail", .create, in: plan) == ["logs", "role"])
        let applied = await Executor(drivers: drivers(cloud)).apply(plan)
        #expect(applied.succeeded)

        let destroy = try await Planner(drivers: drivers(cloud), context: testContext, options: PlanOptions(mode: .destroy))
            .plan(desired())
        #expect(predecessors(of: "logs", .delete, in: destroy) == ["trail"], "not the role's deletion")
        #expect(predecessors(of: "role", .delete, in: destroy) == ["trail"])
        #expect(await Executor(drivers: drivers(cloud)).apply(destroy).succeeded)
    }

    /// An ARN known only once the log group exists: the role waits for it, as any reference.
    @Test func aValueUnknownAtPlanTimeStillWaits() async throws {
        let plan = try await Planner(drivers: drivers(FakeCloud(), logsARNAfterCreate: true), context: testContext)
            .plan(desired())
        #expect(plan.actions.first { $0.address == "role" }?.valueOnlyDependencies == nil)
        #expect(predecessors(of: "role", .create, in: plan) == ["logs"])
    }

    /// `depends_on` always orders, even beside a reference by value.
    @Test func dependsOnStillOrders() async throws {
        let plan = try await Planner(drivers: drivers(FakeCloud()), context: testContext).plan(desired(roleDependsOnLogs: true))
        #expect(plan.actions.first { $0.address == "role" }?.valueOnlyDependencies == nil)
        #expect(predecessors(of: "role", .create, in: plan) == ["logs"])
    }
}
