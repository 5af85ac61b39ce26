import SecmonApply
import SecmonCore
import SecmonGraph
import PlanTestSupport
import SecmonPlan
import Testing

/// Reads that need no account go out while the caller's identity is still being asked for;
/// the others, and any id derived from the account, wait for it.
struct IdentityOverlapTests {
    private func drivers(_ cloud: FakeCloud) -> DriverRegistry {
        DriverRegistry([
            FakeDriver(kind: "log_group", replaceOn: ["name"], cloud: cloud, defaults: ["retention_days": .null],
                       readsWithoutAccount: true),
            FakeDriver(kind: "alarm", replaceOn: ["name"], cloud: cloud,
                       defaults: ["threshold": .double(1), "statistic": .string("Sum")], readsWithoutAccount: true),
            FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud),
            FakeDriver(kind: "subscription", replaceOn: ["topic", "protocol", "endpoint"], cloud: cloud,
                       taggable: false, parent: (kind: "topic", property: "topic"), assignsID: true),
        ])
    }

    /// The pipeline, and a log group named after the account.
    private var desired: DesiredGraph {
        var resources = Array(pipeline(includeFilter: false).resources.values)
        resources.append(resource("account_logs", "log_group", [
            "name": template(.literal("/logs/"), .reference(AttributeReference(resource: "aws", attribute: "account_id"))),
        ]))
        return graph(resources)
    }

    @Test func readsNeedingNoAccountGoOutBesideTheIdentityCall() async throws {
        let cloud = FakeCloud()
        let drivers = drivers(cloud)
        // The account converged first, planned the ordinary way.
        let plain = try await Planner(drivers: drivers, context: testContext).plan(desired)
        let apply = await Executor(drivers: drivers).apply(plain)
        #expect(apply.succeeded)
        await cloud.clearLog()

        // The identity answers only once the early reads went out (bounded: never hangs).
        let planner = Planner(drivers: drivers, context: testContext.pendingIdentity, identity: {
            await cloud.record("identity asked")
            for _ in 0 ..< 100_000 {
                if await cloud.log.contains(where: { $0.hasPrefix("read alarm") }),
                   await cloud.log.contains(where: { $0.hasPrefix("read log_group") }) { break }
                await Task.yield()
            }
            await cloud.record("identity answered")
            return testContext
        })
        let plan = try await planner.plan(desired)
        let log = await cloud.log
        let answered = try #require(log.firstIndex(of: "identity answered"))
        func index(_ entry: String) throws -> Int { try #require(log.firstIndex(of: entry), "\(log)") }
        #expect(try index("read log_group /secmon/trail") < answered, "needs no account: read beside the identity")
        #expect(try index("read alarm SecretIsAccessed") < answered)
        #expect(try index("read topic SecurityAlarms") > answered, "a kind needing the account waits")
        #expect(try index("read log_group /logs/123456789012") > answered, "an id derived from the account waits")
        #expect(!log.contains { $0.contains(DriverContext.pending) }, "a pending account is never read with")
        #expect(plan.context == testContext)
        #expect(!plan.hasChanges, "\(plan.actions.map { ($0.address, $0.action) })")
        #expect(plan.actions.map(\.action) == plain.actions.map { _ in .noop })
    }
}
