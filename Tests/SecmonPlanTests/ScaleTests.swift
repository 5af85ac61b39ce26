import SecmonApply
import PlanTestSupport
import SecmonPlan
import XCTest

/// A thousand resources: reads stay one batch per kind and one listing per kind, and the
/// executor gets through the whole graph (no timing asserted: speed is the benchmark's job).
final class ScaleTests: XCTestCase {
    func testAThousandResourcesPlanInTwoReadRoundsAndApply() async throws {
        let world = FakeWorld()
        var resources = [resource("alerts", "topic", ["name": .string("Alerts")])]
        for i in 0..<333 {
            resources.append(resource("logs_\(i)", "log_group", ["name": .string("/logs/\(i)")]))
            resources.append(resource("filter_\(i)", "metric_filter", ["name": .string("F\(i)"), "log_group": ref("logs_\(i)", "name"),
                                                                        "pattern": .string("x")]))
            resources.append(resource("alarm_\(i)", "alarm", ["name": .string("A\(i)"), "alarm_actions": .list([ref("alerts", "arn")])]))
        }
        let desired = graph(resources)
        let plan = try await world.planner().plan(desired)
        XCTAssertEqual(plan.summary.add, 1000)
        let log = await world.cloud.log
        XCTAssertEqual(log.filter { $0.hasPrefix("read ") }.count, 4)
        XCTAssertEqual(log.filter { $0.hasPrefix("list ") }.count, 6)

        let result = await Executor(drivers: world.drivers).apply(plan)
        XCTAssertTrue(result.succeeded)
        let again = try await world.planner().plan(desired)
        XCTAssertFalse(again.hasChanges)

        let destroy = try await world.planner(mode: .destroy).plan(desired)
        XCTAssertEqual(destroy.summary.destroy, 1000)
        let destroyed = await Executor(drivers: world.drivers).apply(destroy)
        XCTAssertTrue(destroyed.succeeded)
    }
}
