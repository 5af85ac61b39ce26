import Foundation
import SecmonApply
import SecmonCore
import SecmonGraph
import PlanTestSupport
@testable import SecmonPlan
import XCTest

final class PlannerTests: XCTestCase {
    private func converged(_ world: FakeWorld, _ desired: DesiredGraph = pipeline()) async throws {
        let plan = try await world.planner().plan(desired)
        let result = await Executor(drivers: world.drivers).apply(plan)
        XCTAssertTrue(result.succeeded, "\(result)")
        await world.cloud.clearLog()
    }

    func testEmptyAccountPlansACreateForEveryResourceWithReferencesResolved() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())

        XCTAssertEqual(plan.actions.map(\.action), Array(repeating: .create, count: 5))
        XCTAssertEqual(plan.summary, PlanSummary(add: 5))
        let topicARN = Value.string("arn:aws:fake:eu-west-1:123456789012:topic/SecurityAlarms")
        let alarm = try XCTUnwrap(plan.action("secret_read_alarm"))
        XCTAssertEqual(alarm.properties["alarm_actions"], .list([topicARN]), "planned attributes resolve references")
        XCTAssertEqual(alarm.properties["description"], .string("reads in eu-west-1"), "${aws.region} comes from the context")
        XCTAssertEqual(alarm.properties["statistic"], .string("Sum"), "the driver normalised defaults in")
        let subscription = try XCTUnwrap(plan.action("alert_email"))
        XCTAssertNil(subscription.physicalID, "AWS assigns a subscription's id")
        XCTAssertEqual(subscription.properties["topic"], topicARN)
        XCTAssertEqual(plan.action("secret_reads")?.properties["log_group"], .string("/secmon/trail"))
        XCTAssertEqual(plan.action("alerts")?.observations,
                       [Observation(kind: "topic", physicalID: "SecurityAlarms", fingerprint: nil,
                                    hints: plan.action("alerts")?.properties ?? [:])])
    }

    func testReadsOneBatchPerKindThenListsOwnedWithParents() async throws {
        let world = FakeWorld()
        try await converged(world)
        _ = try await world.planner().plan(pipeline())
        let log = await world.cloud.log
        let reads = log.filter { $0.hasPrefix("read ") }
        XCTAssertEqual(reads.sorted(), [
            "read alarm SecretIsAccessed", "read log_group /secmon/trail", "read metric_filter SecretReads",
            "read topic SecurityAlarms",
        ], "one read per kind; the subscription's id is unknown so it is found by listing")
        // A kind is listed after its own read, and a child kind after its parent kind's read;
        // no list waits for the reads of unrelated kinds.
        for kind in ["alarm", "log_group", "metric_filter", "topic"] {
            let read = try XCTUnwrap(log.firstIndex { $0.hasPrefix("read \(kind) ") })
            let list = try XCTUnwrap(log.firstIndex { $0 == "list \(kind)" || $0.hasPrefix("list \(kind) ") })
            XCTAssertLessThan(read, list, kind)
        }
        let topicRead = try XCTUnwrap(log.firstIndex { $0.hasPrefix("read topic ") })
        let subscriptionList = try XCTUnwrap(log.firstIndex { $0.hasPrefix("list subscription") })
        XCTAssertLessThan(topicRead, subscriptionList, "children are listed once their parents are read")
        XCTAssertEqual(log.filter { $0.hasPrefix("list ") }.count, 6, "every kind is listed for orphans")
        let parents = await world.cloud.listParents
        XCTAssertEqual(parents["subscription"], ["SecurityAlarms"], "children get the parents read")
        XCTAssertEqual(parents["topic"], [], "a kind owned by no parent kind gets none")
    }

    func testConvergedAccountPlansNoChanges() async throws {
        let world = FakeWorld()
        try await converged(world)
        let plan = try await world.planner().plan(pipeline())
        XCTAssertEqual(plan.actions.map(\.action), Array(repeating: .noop, count: 5))
        XCTAssertFalse(plan.hasChanges)
        XCTAssertEqual(plan.action("alert_email")?.physicalID?.hasPrefix("arn:aws:fake"), true,
                       "the subscription was matched to the live one by its identity")
    }

    func testDriftPlansTheUpdateThatRestoresIt() async throws {
        let world = FakeWorld()
        try await converged(world)
        let stored = await world.cloud.get("alarm", "SecretIsAccessed")
        var alarm = try XCTUnwrap(stored)
        alarm.properties["threshold"] = .int(5)
        await world.cloud.put(alarm)

        let plan = try await world.planner().plan(pipeline())
        let action = try XCTUnwrap(plan.action("secret_read_alarm"))
        XCTAssertEqual(action.action, .update)
        XCTAssertEqual(action.changes, [PropertyChange(path: "threshold", old: .int(5), new: .int(1))])
        XCTAssertEqual(plan.summary, PlanSummary(change: 1))
    }

    func testForcedChangeKeepingThePhysicalIDDeletesFirstAndOrphansAreDeleted() async throws {
        let world = FakeWorld()
        try await converged(world)
        await world.cloud.put(LiveResource(kind: "log_group", physicalID: "/old", properties: [
            "name": .string("/old"), "tags": .map(["secmon:stack": .string("test-stack"), "secmon:id": .string("old_logs")]),
        ], attributes: ["name": .string("/old")], ownerStack: nil))
        let stored = await world.cloud.get("metric_filter", "SecretReads")
        var filter = try XCTUnwrap(stored)
        filter.properties["log_group"] = .string("/old")
        await world.cloud.put(filter)

        let plan = try await world.planner().plan(pipeline())
        let replaced = try XCTUnwrap(plan.action("secret_reads"))
        XCTAssertEqual(replaced.action, .replace)
        XCTAssertEqual(replaced.replacementOrder, .deleteThenCreate, "same name: the old one must go first")
        XCTAssertEqual(replaced.replacementCauses, ["log_group"])
        let orphan = try XCTUnwrap(plan.action("old_logs"))
        XCTAssertEqual(orphan.action, .delete)
        XCTAssertEqual(plan.summary, PlanSummary(add: 1, destroy: 2))
        XCTAssertTrue(replaced.dependencies.contains("old_logs"),
                      "the filter still points at the orphan, so the orphan waits for it")
    }

    func testRenamedResourceIsReplacedNewFirst() async throws {
        let world = FakeWorld()
        try await converged(world)
        let plan = try await world.planner().plan(pipeline(topicName: "Renamed"))

        let topic = try XCTUnwrap(plan.action("alerts"))
        XCTAssertEqual(topic.action, .replace)
        XCTAssertEqual(topic.replacementOrder, .createThenDelete)
        XCTAssertEqual(topic.physicalID, "Renamed")
        XCTAssertEqual(topic.live?.physicalID, "SecurityAlarms")
        XCTAssertEqual(plan.action("secret_read_alarm")?.action, .update, "the alarm points at the new topic")
        XCTAssertEqual(plan.action("alert_email")?.action, .create, "a subscription on the new topic")
        XCTAssertEqual(plan.actions.filter { $0.action == .delete }.map(\.kind), [],
                       "the old topic's subscription goes with the old topic")
        XCTAssertEqual(plan.action("alerts")?.observations.map(\.physicalID), ["Renamed", "SecurityAlarms"],
                       "both the new name (absent) and the old one are observed")
    }

    func testChangedSubscriptionEndpointCreatesTheNewAndDeletesTheOld() async throws {
        let world = FakeWorld()
        try await converged(world)
        let plan = try await world.planner().plan(pipeline(email: "other@example.com"))
        XCTAssertEqual(plan.action("alert_email")?.action, .create)
        let orphan = try XCTUnwrap(plan.actions.first { $0.action == .delete })
        XCTAssertEqual(orphan.live?.properties["endpoint"], .string("security@example.com"))
        XCTAssertEqual(orphan.dependencies, ["alerts"], "inferred from the live topic ARN")
    }

    func testResourceRemovedFromTheStackIsDeleted() async throws {
        let world = FakeWorld()
        try await converged(world)
        let plan = try await world.planner().plan(pipeline(includeFilter: false))
        let orphan = try XCTUnwrap(plan.action("metric_filter:SecretReads"), "\(plan.actions.map(\.address))")
        XCTAssertEqual(orphan.action, .delete)
        XCTAssertEqual(orphan.dependencies, ["trail_logs"])
        XCTAssertEqual(plan.summary, PlanSummary(destroy: 1))
    }

    func testUnownedResourceWithTheDesiredNameFailsThePlan() async throws {
        let world = FakeWorld()
        await world.cloud.put(LiveResource(kind: "topic", physicalID: "SecurityAlarms", properties: ["name": .string("SecurityAlarms")],
                                           attributes: [:], ownerStack: nil))
        do {
            _ = try await world.planner().plan(pipeline())
            XCTFail("plan must fail")
        } catch let error as PlanError {
            guard case .ownershipConflicts(let conflicts) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(conflicts.map(\.resource), ["alerts"])
            let message = error.description
            XCTAssertTrue(message.contains("alerts") && message.contains("\"SecurityAlarms\"") && message.contains("--adopt"), message)
            XCTAssertTrue(message.contains("no stack owns it"), message)
        }
        let writes = await world.cloud.log.filter { !$0.hasPrefix("read") && !$0.hasPrefix("list") }
        XCTAssertEqual(writes, [])
    }

    func testAdoptTakesOverAnUnownedResource() async throws {
        let world = FakeWorld()
        await world.cloud.put(LiveResource(kind: "topic", physicalID: "SecurityAlarms", properties: ["name": .string("SecurityAlarms")],
                                           attributes: ["arn": .string("arn:live")], ownerStack: nil))
        let plan = try await world.planner(adopt: true).plan(pipeline())
        let topic = try XCTUnwrap(plan.action("alerts"))
        XCTAssertEqual(topic.action, .adopt)
        // The production diff compares tags key by key.
        XCTAssertEqual(topic.changes.map(\.path), ["tags.secmon:id", "tags.secmon:region", "tags.secmon:stack"], "adopting tags it as owned")
        XCTAssertEqual(plan.action("secret_read_alarm")?.properties["alarm_actions"], .list([.string("arn:live")]),
                       "an existing resource's live attributes win over planned ones")
        XCTAssertEqual(plan.summary, PlanSummary(add: 4, adopt: 1))
    }

    func testAnotherStacksResourceIsAnErrorEvenWithAdopt() async throws {
        let world = FakeWorld()
        await world.cloud.put(LiveResource(kind: "topic", physicalID: "SecurityAlarms", properties: [
            "name": .string("SecurityAlarms"), "tags": .map(["secmon:stack": .string("payments")]),
        ], attributes: [:], ownerStack: nil))
        for adopt in [false, true] {
            do {
                _ = try await world.planner(adopt: adopt).plan(pipeline())
                XCTFail("plan must fail")
            } catch let error as PlanError {
                XCTAssertTrue(error.description.contains("belongs to stack \"payments\""), error.description)
            }
        }
    }

    func testAdoptionThatWouldReplaceIsRefused() async throws {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([FakeDriver(kind: "topic", replaceOn: ["name", "fifo"], cloud: cloud)])
        await cloud.put(LiveResource(kind: "topic", physicalID: "T", properties: ["name": .string("T"), "fifo": .bool(true)],
                                     attributes: [:], ownerStack: nil))
        let planner = Planner(drivers: drivers, context: testContext, options: PlanOptions(adopt: true))
        do {
            _ = try await planner.plan(graph([resource("t", "topic", ["name": .string("T"), "fifo": .bool(false)])]))
            XCTFail("plan must fail")
        } catch let error as PlanError {
            guard case .adoptionWouldReplace(_, _, _, let properties) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(properties, ["fifo"])
        }
    }

    func testDestroyPlansDeletingEverythingOwnedAndNothingElse() async throws {
        let world = FakeWorld()
        try await converged(world)
        await world.cloud.put(LiveResource(kind: "topic", physicalID: "NotOurs", properties: ["name": .string("NotOurs")],
                                           attributes: [:], ownerStack: nil))
        let plan = try await world.planner(mode: .destroy).plan(pipeline())
        XCTAssertEqual(plan.mode, .destroy)
        XCTAssertEqual(plan.actions.map(\.action), Array(repeating: .delete, count: 5))
        XCTAssertFalse(plan.actions.contains { $0.physicalID == "NotOurs" })
        XCTAssertEqual(plan.action("secret_read_alarm")?.dependencies, ["alerts"], "declared resources keep stack edges")
    }

    func testDestroyWithoutTheStackFileStillFindsWhatTheStackOwns() async throws {
        let world = FakeWorld()
        try await converged(world)
        let plan = try await world.planner(mode: .destroy).plan(graph([]))
        // Subscriptions and filters are found through their parents, which only a read of the
        // desired resources supplies; top-level kinds are found by their tags.
        XCTAssertEqual(Set(plan.actions.map(\.kind)), ["alarm", "log_group", "topic"])
        XCTAssertTrue(plan.actions.allSatisfy { $0.action == .delete })
    }

    func testUnknownKindFailsWithTheResourceNamed() async throws {
        let world = FakeWorld()
        do {
            _ = try await world.planner().plan(graph([resource("q", "queue", ["name": .string("x")])]))
            XCTFail("plan must fail")
        } catch let error as PlanError {
            XCTAssertTrue(error.description.contains("resource q has kind \"queue\""), error.description)
        }
    }

    func testFingerprintIsStableAndSeesPropertyChanges() {
        let a = LiveResource(kind: "alarm", physicalID: "A", properties: ["threshold": .int(1), "tags": .map(["x": .string("y")])],
                             attributes: [:], ownerStack: "s")
        var b = a
        XCTAssertEqual(a.fingerprint, b.fingerprint)
        XCTAssertEqual(a.fingerprint.count, 16)
        b.properties["threshold"] = .int(2)
        XCTAssertNotEqual(a.fingerprint, b.fingerprint)
        b = a
        b.ownerStack = nil
        XCTAssertNotEqual(a.fingerprint, b.fingerprint)
    }

    func testPlanRoundTripsThroughJSON() async throws {
        let world = FakeWorld()
        let plan = try await world.planner().plan(pipeline())
        let data = try JSONEncoder().encode(plan)
        XCTAssertEqual(try JSONDecoder().decode(Plan.self, from: data), plan)
    }
}

extension Plan {
    var observationsCount: Int { actions.map(\.observations.count).reduce(0, +) }
}

final class PlannerNameHandOverTests: XCTestCase {
    func testANameHandedToAnotherLogicalIDIsNotAlsoDeletedAsTheOldOnesRename() async throws {
        let world = FakeWorld()
        let before = graph([resource("a", "topic", ["name": .string("X")])])
        _ = await Executor(drivers: world.drivers).apply(try await world.planner().plan(before))
        // "a" is renamed to Z and "b" now wants X, in an order where "a" is decided first.
        let after = graph([resource("a", "topic", ["name": .string("Z")]), resource("b", "topic", ["name": .string("X")])])
        let plan = try await world.planner().plan(after)
        XCTAssertEqual(plan.action("a")?.action, .create)
        XCTAssertEqual(plan.action("b")?.action, .update, "b takes X over (its secmon:id tag changes)")
        XCTAssertEqual(plan.actions.count, 2, "X is not deleted")
    }
}

final class PlannerDestroyTests: XCTestCase {
    func testDestroyAfterARenameInTheStackFileDeletesTheOldNameUnderItsLogicalID() async throws {
        let world = FakeWorld()
        _ = await Executor(drivers: world.drivers).apply(try await world.planner().plan(pipeline()))
        let plan = try await world.planner(mode: .destroy).plan(pipeline(topicName: "Renamed"))
        let topic = try XCTUnwrap(plan.action("alerts"))
        XCTAssertEqual(topic.action, .delete)
        XCTAssertEqual(topic.physicalID, "SecurityAlarms")
    }
}

final class PlannerReadFailureTests: XCTestCase {
    func testAFailedReadIsReportedForTheFirstKindAndCancelsNothingInFlight() async throws {
        let cloud = FakeCloud()
        let drivers = DriverRegistry([
            FakeDriver(kind: "alarm", replaceOn: ["name"], cloud: cloud),
            FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud),
            FakeDriver(kind: "log_group", replaceOn: ["name"], cloud: cloud, yields: 200),
        ])
        await cloud.fail("read topic")
        await cloud.fail("read alarm")
        let desired = graph([resource("a", "alarm", ["name": .string("A")]), resource("t", "topic", ["name": .string("T")]),
                             resource("l", "log_group", ["name": .string("L")])])
        do {
            _ = try await Planner(drivers: drivers, context: testContext).plan(desired)
            XCTFail("plan must fail")
        } catch let error as PlanError {
            XCTAssertEqual(error.description, "could not read the live state of alarm resources: injected failure of read alarm")
        }
        let cancelled = await cloud.cancelled
        XCTAssertEqual(cancelled, [], "the slow read ran to its end")
    }
}

final class PlanErrorTextTests: XCTestCase {
    func testConflictNamesTheResourceWhereItIsDeclaredItsPhysicalIDAndTheOwner() {
        let at = SourceLocation(file: "stack.yaml", line: 41, column: 3)
        XCTAssertEqual(OwnershipConflict(resource: "alerts", kind: "topic", physicalID: "SecurityAlarms", owner: nil, location: at).description,
                       "alerts (stack.yaml:41:3): a topic named \"SecurityAlarms\" already exists and no stack owns it; "
                       + "secmon leaves it alone. Re-run with --adopt to manage it from this stack, or choose another name.")
        XCTAssertEqual(OwnershipConflict(resource: "alerts", kind: "topic", physicalID: "SecurityAlarms", owner: "payments").description,
                       "alerts: a topic named \"SecurityAlarms\" already exists and belongs to stack \"payments\"; "
                       + "secmon leaves it alone. Remove it from stack \"payments\" first or choose another name "
                       + "(--adopt only takes over resources no stack owns).")
    }
}

final class PlannerPendingDeletionTests: XCTestCase {
    private func scheduledSecret(_ world: FakeWorld, logicalID: String) async {
        await world.cloud.put(LiveResource(kind: "secret", physicalID: "S", properties: [
            "name": .string("S"), "pending_deletion": .bool(true),
            "tags": .map(["secmon:stack": .string("test-stack"), "secmon:id": .string(logicalID)]),
        ], attributes: [:], ownerStack: nil))
    }

    func testAResourceAlreadyBeingDeletedIsNotDeletedAgain() async throws {
        let world = FakeWorld()
        await scheduledSecret(world, logicalID: "s")
        let desired = graph([resource("s", "secret", ["name": .string("S")])])
        let destroy = try await world.planner(mode: .destroy).plan(desired)
        XCTAssertFalse(destroy.hasChanges, "a second destroy finds nothing left to do")
        let orphans = try await world.planner().plan(graph([]))
        XCTAssertFalse(orphans.hasChanges, "nor is it an orphan to delete")
    }

    func testApplyStillMatchesItSoTheDriverCanRestoreIt() async throws {
        let world = FakeWorld()
        await scheduledSecret(world, logicalID: "s")
        let plan = try await world.planner().plan(graph([resource("s", "secret", ["name": .string("S")])]))
        XCTAssertNotEqual(plan.action("s")?.action, .create, "matched, not created anew (the name is taken)")
        XCTAssertEqual(plan.action("s")?.live?.physicalID, "S")
    }
}

final class WriteOnlyValueTests: XCTestCase {
    private func secret(version: String, value: Bool = true) -> DesiredGraph {
        var properties: [String: Value] = ["name": .string("S"), "value_version": .string(version)]
        if value { properties["value"] = .map(["from_env": .string("SECRET_VALUE")]) }
        var desired = resource("s", "secret", properties)
        desired.writeOnlyVersions = ["value": "value_version"]
        return graph([desired])
    }

    private func value(_ plan: Plan) -> WriteOnlyValue? { plan.action("s")?.writeOnly?["value"] }

    func testWrittenOnCreateAndVersionChangesKeptOtherwiseAndNotManagedWithoutASource() async throws {
        let world = FakeWorld()
        let create = try await world.planner().plan(secret(version: "1"))
        XCTAssertEqual(value(create), .written)
        XCTAssertEqual(create.action("s")?.writtenValues, ["value"])
        _ = await Executor(drivers: world.drivers).apply(create)

        let same = try await world.planner().plan(secret(version: "1"))
        XCTAssertEqual(value(same), .kept)
        let bumped = try await world.planner().plan(secret(version: "2"))
        XCTAssertEqual(bumped.action("s")?.action, .update)
        XCTAssertEqual(value(bumped), .written)
        let unmanaged = try await world.planner().plan(secret(version: "1", value: false))
        XCTAssertEqual(value(unmanaged), .unmanaged)
        XCTAssertEqual(unmanaged.action("s")?.writtenValues, [])
    }

    func testAdoptingKeepsTheValueThereEvenThoughTheVersionIsNew() async throws {
        let world = FakeWorld()
        await world.cloud.put(LiveResource(kind: "secret", physicalID: "S", properties: ["name": .string("S")],
                                           attributes: [:], ownerStack: nil))
        let adopt = try await world.planner(adopt: true).plan(secret(version: "1"))
        XCTAssertEqual(adopt.action("s")?.action, .adopt)
        XCTAssertEqual(value(adopt), .kept, "adopting never overwrites the value of a secret someone else made")
    }

    func testKindsWithoutWriteOnlyValuesSayNothing() async throws {
        let plan = try await FakeWorld().planner().plan(pipeline())
        XCTAssertTrue(plan.actions.allSatisfy { $0.writeOnly == nil })
    }
}

final class WatchedResourceTests: XCTestCase {
    private func watched(_ name: String = "Existing") -> DesiredResource {
        var secret = resource("db", "secret", ["name": .string(name)])
        secret.watched = true
        return secret
    }

    private func withDependent() -> DesiredGraph {
        graph([watched(), resource("alarm", "alarm", ["name": .string("A"), "description": ref("db", "arn")])])
    }

    func testAWatchedResourceIsReadNeverChangedAndItsAttributesResolveReferences() async throws {
        let world = FakeWorld()
        // Someone else's secret, with settings of its own.
        await world.cloud.put(LiveResource(kind: "secret", physicalID: "Existing",
                                           properties: ["name": .string("Existing"), "description": .string("theirs")],
                                           attributes: ["arn": .string("arn:aws:secretsmanager:x:1:secret:Existing-abc")],
                                           ownerStack: nil))
        let plan = try await world.planner().plan(withDependent())
        XCTAssertEqual(plan.action("db")?.action, .read)
        XCTAssertEqual(plan.action("alarm")?.properties["description"], .string("arn:aws:secretsmanager:x:1:secret:Existing-abc"))
        let result = await Executor(drivers: world.drivers).apply(plan)
        XCTAssertTrue(result.succeeded)
        let log = await world.cloud.log
        XCTAssertFalse(log.contains { $0.contains("secret") && !$0.hasPrefix("read") && !$0.hasPrefix("list") }, "\(log)")

        let again = try await world.planner().plan(withDependent())
        XCTAssertFalse(again.hasChanges, "a watched resource is never a change")
        let destroy = try await world.planner(mode: .destroy).plan(withDependent())
        XCTAssertEqual(destroy.actions.map(\.address), ["alarm"], "destroy leaves the watched secret alone")
    }

    func testAWatchedResourceOwnedByTheStackIsNeitherChangedNorAnOrphan() async throws {
        let world = FakeWorld()
        await world.cloud.put(LiveResource(kind: "secret", physicalID: "Existing", properties: [
            "name": .string("Existing"), "tags": .map(["secmon:stack": .string("test-stack"), "secmon:id": .string("db")]),
        ], attributes: [:], ownerStack: nil))
        let plan = try await world.planner().plan(graph([watched()]))
        XCTAssertEqual(plan.actions.map(\.action), [.read])
    }

    func testAWatchedResourceThatDoesNotExistStopsThePlan() async throws {
        do {
            _ = try await FakeWorld().planner().plan(graph([watched("Missing")]))
            XCTFail("planned")
        } catch let error as PlanError {
            XCTAssertTrue("\(error)".contains("the stack watches a secret named \"Missing\", but there is none"), "\(error)")
        }
    }
}
