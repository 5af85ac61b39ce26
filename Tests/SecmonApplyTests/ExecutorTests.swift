import SecmonApply
import SecmonCore
import SecmonGraph
import PlanTestSupport
import SecmonPlan
import XCTest

final class ExecutorTests: XCTestCase {
    private func writes(_ cloud: FakeCloud) async -> [String] {
        await cloud.log.filter { !$0.hasPrefix("read") && !$0.hasPrefix("list") }
    }

    private func position(_ entry: String, in log: [String], file: StaticString = #filePath, line: UInt = #line) -> Int {
        guard let index = log.firstIndex(of: entry) else {
            XCTFail("\(entry) not in \(log)", file: file, line: line)
            return -1
        }
        return index
    }

    func testCreatesInDependencyOrderAndConverges() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())
        let result = await Executor(drivers: world.drivers).apply(plan)

        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(result.done.count, 5)
        let log = await writes(world.cloud)
        XCTAssertLessThan(position("create topic alerts", in: log), position("create alarm secret_read_alarm", in: log))
        XCTAssertLessThan(position("create topic alerts", in: log), position("create subscription alert_email", in: log))
        XCTAssertLessThan(position("create log_group trail_logs", in: log), position("create metric_filter secret_reads", in: log))
        let again = try await world.planner().plan(pipeline())
        XCTAssertFalse(again.hasChanges, "\(again.actions.filter { $0.action != .noop })")
    }

    func testResolvesReferencesKnownOnlyAfterTheCreate() async throws {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([
            FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud, arnAfterCreate: true),
            FakeDriver(kind: "alarm", replaceOn: ["name"], cloud: cloud),
        ])
        let desired = graph([
            resource("alerts", "topic", ["name": .string("T")]),
            resource("alarm", "alarm", ["name": .string("A"), "alarm_actions": .list([ref("alerts", "arn")])]),
        ])
        let plan = try await Planner(drivers: drivers, context: testContext).plan(desired)
        XCTAssertEqual(plan.action("alarm")?.properties["alarm_actions"], .list([ref("alerts", "arn")]),
                       "unknown at plan time")

        let result = await Executor(drivers: drivers).apply(plan)
        XCTAssertTrue(result.succeeded)
        let alarm = await cloud.get("alarm", "A")
        XCTAssertEqual(alarm?.properties["alarm_actions"],
                       .list([.string("arn:aws:fake:eu-west-1:123456789012:topic/T")]))
    }

    func testUpdatesGetChangesResolvedFromStepsEarlierInTheRun() async throws {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([
            FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud, arnAfterCreate: true),
            FakeDriver(kind: "alarm", replaceOn: ["name"], cloud: cloud),
        ])
        func desired(_ topic: String) -> DesiredGraph {
            graph([resource("alerts", "topic", ["name": .string(topic)]),
                   resource("alarm", "alarm", ["name": .string("A"), "alarm_actions": .list([ref("alerts", "arn")])])])
        }
        let planner = Planner(drivers: drivers, context: testContext)
        _ = await Executor(drivers: drivers).apply(try await planner.plan(desired("Old")))

        let plan = try await planner.plan(desired("New"))
        let change = try XCTUnwrap(plan.action("alarm")?.changes.first)
        XCTAssertEqual(change.new, .list([ref("alerts", "arn")]), "the new topic's ARN is unknown at plan time")
        let result = await Executor(drivers: drivers).apply(plan)
        XCTAssertTrue(result.succeeded)
        let alarm = await cloud.get("alarm", "A")
        XCTAssertEqual(alarm?.properties["alarm_actions"], .list([.string("arn:aws:fake:eu-west-1:123456789012:topic/New")]))
        let again = try await planner.plan(desired("New"))
        XCTAssertFalse(again.hasChanges)
    }

    func testDestroyDeletesInReverseDependencyOrderWithNotes() async throws {
        let world = FakeWorld()
        var desired = pipeline()
        desired.resources["top_secret"] = resource("top_secret", "secret", ["name": .string("TopSecretInfo"),
                                                                            "value": .sensitive])
        desired.order.append("top_secret")
        _ = await Executor(drivers: world.drivers).apply(try await world.planner().plan(desired))
        await world.cloud.clearLog()

        let plan = try await world.planner(mode: .destroy).plan(desired)
        let result = await Executor(drivers: world.drivers).apply(plan)
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(result.done.count, 6)
        let log = await writes(world.cloud)
        XCTAssertLessThan(position("delete alarm SecretIsAccessed", in: log), position("delete topic SecurityAlarms", in: log))
        XCTAssertLessThan(position("delete metric_filter SecretReads", in: log), position("delete log_group /secmon/trail", in: log))
        XCTAssertLessThan(try XCTUnwrap(log.firstIndex { $0.hasPrefix("delete subscription") }),
                          position("delete topic SecurityAlarms", in: log))
        let notes = result.done.compactMap { if case .done(let note?) = $0.status { return note } else { return nil } }
        XCTAssertEqual(notes, ["scheduled for deletion on 2026-12-25 (after its 30-day recovery window)"])
        let left = await world.cloud.resources.values.map(\.count).reduce(0, +)
        XCTAssertEqual(left, 0)
    }

    func testReplacementKeepingTheNameDeletesFirstAndAChangedNameCreatesFirst() async throws {
        let world = FakeWorld()
        _ = await Executor(drivers: world.drivers).apply(try await world.planner().plan(pipeline()))
        let stored = await world.cloud.get("metric_filter", "SecretReads")
        var filter = try XCTUnwrap(stored)
        filter.properties["log_group"] = .string("/elsewhere")
        await world.cloud.put(filter)
        // Owned through a log group of ours, so it is ours and merely drifted.
        await world.cloud.put(LiveResource(kind: "log_group", physicalID: "/elsewhere", properties: [
            "name": .string("/elsewhere"), "tags": .map(["secmon:stack": .string("test-stack"), "secmon:id": .string("trail_logs")]),
        ], attributes: [:], ownerStack: nil))
        await world.cloud.clearLog()

        let plan = try await world.planner().plan(pipeline(topicName: "Renamed"))
        XCTAssertEqual(plan.action("secret_reads")?.action, .replace)
        XCTAssertEqual(plan.action("alerts")?.action, .replace)
        let result = await Executor(drivers: world.drivers).apply(plan)
        XCTAssertTrue(result.succeeded, "\(result.failed)")
        let log = await writes(world.cloud)
        XCTAssertLessThan(position("delete metric_filter SecretReads", in: log), position("create metric_filter secret_reads", in: log))
        XCTAssertLessThan(position("create topic alerts", in: log), position("delete topic SecurityAlarms", in: log))
        XCTAssertLessThan(position("update alarm secret_read_alarm", in: log), position("delete topic SecurityAlarms", in: log),
                          "the alarm moves to the new topic before the old one goes")
        XCTAssertLessThan(position("delete metric_filter SecretReads", in: log), position("delete log_group /elsewhere", in: log))
        let again = try await world.planner().plan(pipeline(topicName: "Renamed"))
        XCTAssertFalse(again.hasChanges, "\(again.actions.filter { $0.action != .noop })")
    }

    func testAFailureSkipsOnlyItsDependentsAndEverythingElseFinishes() async throws {
        let world = FakeWorld()
        await world.cloud.fail("create topic alerts")
        let plan = try await world.planner().plan(pipeline())
        let result = await Executor(drivers: world.drivers, options: ExecutorOptions(parallelism: 1)).apply(plan)

        XCTAssertFalse(result.succeeded)
        XCTAssertNil(result.stopReason)
        XCTAssertEqual(result.failed.map(\.step.address), ["alerts"])
        XCTAssertEqual(result.failed.first?.status,
                       .failed(StepFailure(kind: .service, code: "InjectedFailure", message: "injected failure of create topic alerts")))
        let topic = try XCTUnwrap(result.failed.first?.step)
        XCTAssertEqual(Set(result.skipped.map(\.step.address)), ["alert_email", "secret_read_alarm"])
        for skipped in result.skipped {
            XCTAssertEqual(skipped.status, .skipped(.failedDependencies([topic])), "\(skipped.step)")
        }
        XCTAssertEqual(Set(result.done.map(\.step.address)), ["trail_logs", "secret_reads"],
                       "what does not depend on the failure is done")
        let log = await writes(world.cloud)
        XCTAssertEqual(Set(log), ["create topic alerts", "create log_group trail_logs", "create metric_filter secret_reads"])
    }

    func testAStopRequestStartsNothingNewAndReportsTheRestAsStopped() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())
        let stop = StopRequest()
        // Ctrl-C arrives while the first step runs.
        let result = await Executor(drivers: world.drivers, options: ExecutorOptions(parallelism: 1))
            .apply(plan, stop: stop) { event in if case .started = event { stop.request(.interrupted) } }

        XCTAssertEqual(result.stopReason, .interrupted)
        XCTAssertFalse(result.succeeded)
        XCTAssertEqual(result.done.count, 1, "the step in flight finishes")
        XCTAssertEqual(result.failed, [])
        XCTAssertEqual(result.skipped.count, 4)
        XCTAssertTrue(result.skipped.allSatisfy { $0.status == .skipped(.stopped) })
        let log = await writes(world.cloud)
        XCTAssertEqual(log.count, 1)
    }

    func testAFailureKeepsTheErrorsKindCodeAndRetryability() async throws {
        let cloud = FakeCloud()
        await cloud.fail("create topic t", with: FakeError(message: "slow down", code: "ThrottlingException", retryable: true))
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud)])
        let plan = try await Planner(drivers: drivers, context: testContext).plan(graph([resource("t", "topic", ["name": .string("T")])]))
        let result = await Executor(drivers: drivers).apply(plan)
        XCTAssertEqual(result.failed.map(\.status),
                       [.failed(StepFailure(kind: .service, code: "ThrottlingException", retryable: true, message: "slow down"))])
    }

    func testACreateLostToAnotherApplyOfTheStackSaysSoAndStops() async throws {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud)])
        let desired = graph((1...3).map { resource("t\($0)", "topic", ["name": .string("T\($0)")]) })
        let plan = try await Planner(drivers: drivers, context: testContext).plan(desired)
        // Another apply of the same stack creates T1 between this plan and its apply.
        await cloud.put(LiveResource(kind: "topic", physicalID: "T1", properties: [
            "name": .string("T1"), "tags": .map(["secmon:stack": .string(testContext.stackName), "secmon:id": .string("t1")]),
        ], attributes: [:], ownerStack: nil))
        await cloud.fail("create topic t1")
        let result = await Executor(drivers: drivers, options: ExecutorOptions(parallelism: 1)).apply(plan)

        XCTAssertEqual(result.stopReason, .concurrentApply)
        guard case .failed(let failure)? = result.failed.first?.status else { return XCTFail("\(result)") }
        XCTAssertEqual(failure.kind, .conflict)
        XCTAssertTrue(failure.message.contains("another apply of stack test-stack is running (or just finished)"), failure.message)
        XCTAssertEqual(result.skipped.count, 2, "nothing new starts after it")
    }

    func testParallelismIsBounded() async throws {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud, yields: 50)])
        let desired = graph((1...8).map { resource("t\($0)", "topic", ["name": .string("T\($0)")]) })
        let plan = try await Planner(drivers: drivers, context: testContext).plan(desired)
        let result = await Executor(drivers: drivers, options: ExecutorOptions(parallelism: 3)).apply(plan)
        XCTAssertTrue(result.succeeded)
        let most = await cloud.maxInFlight
        XCTAssertLessThanOrEqual(most, 3)
    }

    func testProgressReportsEachStepStartingThenFinishing() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())
        let recorder = EventRecorder()
        _ = await Executor(drivers: world.drivers).apply(plan, progress: recorder.callback)
        let events = recorder.events
        XCTAssertEqual(events.count, 10)
        for address in plan.actions.map(\.address) {
            let mine = events.enumerated().filter { _, event in
                switch event {
                case .started(let step), .finished(let step, _, _): return step.address == address
                }
            }
            XCTAssertEqual(mine.count, 2, address)
            guard mine.count == 2, case .started = mine[0].element, case .finished(_, .done, _) = mine[1].element else {
                return XCTFail("\(address): \(mine)")
            }
        }
    }

    func testRetryPolicyRetriesWhatItIsToldIsTransient() async throws {
        for (policy, succeeds) in [(RetryPolicy.none, false),
                                   (RetryPolicy(maxAttempts: 2, delay: .zero) { $0 is FakeError }, true),
                                   (RetryPolicy(maxAttempts: 2, delay: .zero) { _ in false }, false)] {
            let world = FakeWorld()
            await world.cloud.fail("create topic alerts", times: 1)
            let plan = try await world.planner().plan(pipeline())
            let result = await Executor(drivers: world.drivers, options: ExecutorOptions(retry: policy)).apply(plan)
            XCTAssertEqual(result.succeeded, succeeds)
        }
    }

    func testReplacementOfADependencyThatKeepsItsNameDoesNotDeadlock() async {
        // A same-name replacement whose dependent is updated: the dependent's update must wait
        // for the new resource, so "delete after dependents" cannot also hold.
        let cloud = FakeCloud()
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud),
                                      FakeDriver(kind: "alarm", replaceOn: ["name"], cloud: cloud)])
        let oldTopic = LiveResource(kind: "topic", physicalID: "T", properties: ["name": .string("T")], attributes: [:], ownerStack: "test-stack")
        let alarm = LiveResource(kind: "alarm", physicalID: "A", properties: ["name": .string("A")], attributes: [:], ownerStack: "test-stack")
        await cloud.put(oldTopic)
        await cloud.put(alarm)
        let plan = Plan(stackName: "test-stack", mode: .apply, context: testContext, actions: [
            PlannedAction(address: "t", kind: "topic", action: .replace, physicalID: "T", properties: ["name": .string("T")],
                          live: oldTopic, changes: [PropertyChange(path: "kind", old: .string("a"), new: .string("b"), forcesReplacement: true)],
                          replacementOrder: .deleteThenCreate),
            PlannedAction(address: "a", kind: "alarm", action: .update, physicalID: "A", properties: ["name": .string("A"), "x": .int(1)],
                          live: alarm, changes: [PropertyChange(path: "x", old: nil, new: .int(1))], dependencies: ["t"]),
        ])
        let result = await Executor(drivers: drivers).apply(plan)
        XCTAssertTrue(result.succeeded)
        let log = await writes(cloud)
        XCTAssertEqual(log, ["delete topic T", "create topic t", "update alarm a"])
    }
}

final class ExecutorMalformedPlanTests: XCTestCase {
    func testARepeatedAddressInAPlanFileDoesNotCrash() async {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud)])
        let twice = PlannedAction(address: "t", kind: "topic", action: .create, physicalID: "T", properties: ["name": .string("T")])
        let plan = Plan(stackName: "test-stack", mode: .apply, context: testContext, actions: [twice, twice])
        let result = await Executor(drivers: drivers).apply(plan)
        XCTAssertEqual(result.steps.count, 2)
    }

    func testAStepForAKindWithoutADriverFailsAndSkipsItsDependents() async {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud)])
        let plan = Plan(stackName: "test-stack", mode: .apply, context: testContext, actions: [
            PlannedAction(address: "q", kind: "queue", action: .create, physicalID: "Q"),
            PlannedAction(address: "t", kind: "topic", action: .create, physicalID: "T", properties: ["name": .string("T")],
                          dependencies: ["q"]),
        ])
        let result = await Executor(drivers: drivers).apply(plan)
        XCTAssertEqual(result.failed.map(\.status), [.failed(StepFailure(kind: .plan, code: "NoDriver",
                                                                          message: "no driver for kind \"queue\""))])
        XCTAssertEqual(result.skipped.map(\.step.address), ["t"])
    }

    func testAReferenceStillUnknownWhenItsTurnComesFailsThatStep() async throws {
        let world = FakeWorld()
        let desired = graph([
            resource("alerts", "topic", ["name": .string("T")]),
            resource("alarm", "alarm", ["name": .string("A"), "alarm_actions": .list([ref("alerts", "queue_url")])]),
        ])
        let plan = try await world.planner().plan(desired)
        let result = await Executor(drivers: world.drivers).apply(plan)
        XCTAssertEqual(result.done.map(\.step.address), ["alerts"])
        XCTAssertEqual(result.failed.map(\.status), [.failed(StepFailure(kind: .plan, code: "UnresolvedReference", message:
            "alarm.alarm_actions needs ${alerts.queue_url}, which is still unknown after the resources it depends on were applied"))])
    }
}
