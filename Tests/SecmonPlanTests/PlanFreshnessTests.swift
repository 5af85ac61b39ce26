import SecmonApply
import SecmonCore
import PlanTestSupport
import SecmonPlan
import XCTest

final class PlanFreshnessTests: XCTestCase {
    private func refusal(_ body: () async throws -> Void) async -> PlanRefusal? {
        do {
            try await body()
            return nil
        } catch let refusal as PlanRefusal {
            return refusal
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testUnchangedAccountAcceptsTheSavedPlan() async throws {
        let world = FakeWorld()
        _ = await Executor(drivers: world.drivers).apply(try await world.planner().plan(pipeline()))
        let plan = try await world.planner().plan(pipeline(threshold: .int(3)))
        let result = try await Executor(drivers: world.drivers).apply(saved: plan, currentContext: testContext)
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(result.done.map(\.step.address), ["secret_read_alarm"])
    }

    func testOutOfBandChangeMakesTheSavedPlanStale() async throws {
        let world = FakeWorld()
        _ = await Executor(drivers: world.drivers).apply(try await world.planner().plan(pipeline()))
        let plan = try await world.planner().plan(pipeline(threshold: .int(3)))
        let stored = await world.cloud.get("alarm", "SecretIsAccessed")
        var alarm = try XCTUnwrap(stored)
        alarm.properties["statistic"] = .string("Average")
        await world.cloud.put(alarm)
        await world.cloud.clearLog()

        let refused = await refusal { _ = try await Executor(drivers: world.drivers).apply(saved: plan, currentContext: testContext) }
        let message = try XCTUnwrap(refused).description
        XCTAssertTrue(message.hasPrefix("the account changed since this plan was made:"), message)
        XCTAssertTrue(message.contains("secret_read_alarm (alarm \"SecretIsAccessed\") was modified"), message)
        XCTAssertTrue(message.hasSuffix("run plan again"), message)
        let writes = await world.cloud.log.filter { !$0.hasPrefix("read") }
        XCTAssertEqual(writes, [], "nothing applied")
    }

    func testResourceCreatedOrDeletedSinceIsNoticed() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())
        await world.cloud.put(LiveResource(kind: "topic", physicalID: "SecurityAlarms", properties: [:], attributes: [:], ownerStack: nil))
        var message = await refusal { try await PlanFreshness.check(plan, drivers: world.drivers, currentContext: testContext) }?.description
        XCTAssertTrue(message?.contains("alerts (topic \"SecurityAlarms\") now exists") ?? false, message ?? "accepted")

        await world.cloud.remove(kind: "topic", physicalID: "SecurityAlarms")
        _ = await Executor(drivers: world.drivers).apply(plan)
        let destroy = try await world.planner(mode: .destroy).plan(pipeline())
        await world.cloud.remove(kind: "alarm", physicalID: "SecretIsAccessed")
        message = await refusal { try await PlanFreshness.check(destroy, drivers: world.drivers, currentContext: testContext) }?.description
        XCTAssertTrue(message?.contains("secret_read_alarm (alarm \"SecretIsAccessed\") no longer exists") ?? false, message ?? "accepted")
    }

    func testPlanForAnotherAccountOrRegionIsRefused() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())
        var other = testContext
        other.accountID = "999999999999"
        var message = await refusal { try await PlanFreshness.check(plan, drivers: world.drivers, currentContext: other) }?.description
        XCTAssertTrue(message?.contains("made for account 123456789012 in eu-west-1") ?? false, message ?? "accepted")
        other = testContext
        other.region = "us-east-1"
        message = await refusal { try await PlanFreshness.check(plan, drivers: world.drivers, currentContext: other) }?.description
        XCTAssertTrue(message?.contains("current credentials are for account 123456789012 in us-east-1") ?? false, message ?? "accepted")
    }
}
