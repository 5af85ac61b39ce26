import SecmonCore
import SecmonGraph
@testable import SecmonPlan
import SecmonResources
import XCTest

/// Round two of a plan's reads (the orphan search) is handed what round one read of the same
/// kind, so a driver need not read a resource twice.
final class KnownReuseTests: XCTestCase {
    func testListOwnedReceivesWhatReadFound() async throws {
        let driver = RecordingDriver()
        let graph = DesiredGraph(stackName: "demo", region: nil, tags: [:], resources: [
            "a": DesiredResource(id: "a", kind: "thing", properties: ["name": .string("thing-a")], dependencies: []),
        ], order: ["a"])
        let context = DriverContext(stackName: "demo", accountID: "123456789012", region: "us-east-1")
        _ = try await Planner(drivers: DriverRegistry([driver]), context: context).plan(graph)
        XCTAssertEqual(driver.knownSeen.value, ["thing-a"])
    }
}

private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    var value: [String] { lock.withLock { ids } }
    func set(_ new: [String]) { lock.withLock { ids = new } }
}

private struct RecordingDriver: ResourceDriver {
    let kind = "thing"
    let replaceOn: Set<String> = []
    let knownSeen = Box()

    func normalize(_ properties: [String: Value], id: String, context: DriverContext) -> [String: Value] { properties }
    func physicalID(of properties: [String: Value], context: DriverContext) -> String? { properties["name"]?.stringValue }
    func plannedAttributes(of properties: [String: Value], context: DriverContext) -> [String: Value] { [:] }
    func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        Dictionary(uniqueKeysWithValues: physicalIDs.map {
            ($0, LiveResource(kind: kind, physicalID: $0, properties: ["name": .string($0)], attributes: [:],
                              ownerStack: "demo", logicalID: "a"))
        })
    }
    func listOwned(context: DriverContext, parents: [LiveResource], known: [String: LiveResource]) async throws
        -> [LiveResource]
    {
        knownSeen.set(known.keys.sorted())
        return Array(known.values)
    }
    func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn)
    }
    func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] { [:] }
    func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                context: DriverContext) async throws -> [String: Value] { [:] }
    func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome { DeleteOutcome() }
    func release(_ live: LiveResource, context: DriverContext) async throws {}
}
