import Foundation
import SecmonApply
import SecmonCore
import SecmonPlan
import SecmonRender
import XCTest

/// Golden files in Golden/; `SECMON_UPDATE_GOLDEN=1 swift test --filter RenderTests` rewrites them.
final class RenderTests: XCTestCase {
    private func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["SECMON_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("missing \(url.path); run with SECMON_UPDATE_GOLDEN=1 to create it", file: file, line: line)
        }
        XCTAssertEqual(text, expected, "differs from Golden/\(name).txt (SECMON_UPDATE_GOLDEN=1 rewrites it)",
                       file: file, line: line)
    }

    func testCreate() throws {
        let text = PlanTextRenderer.render(SamplePlans.create)
        try assertGolden(text, "create")
        XCTAssertTrue(text.contains("+ value         = (sensitive)"))
        XCTAssertTrue(text.hasSuffix("Plan: 4 to add, 0 to change, 0 to destroy.\n"))
    }

    func testUpdate() throws {
        let text = PlanTextRenderer.render(SamplePlans.update)
        try assertGolden(text, "update")
        XCTAssertTrue(text.contains("~ threshold = 5.0 -> 1.0"))
        XCTAssertFalse(text.contains("trail_logs"), "no-ops are not shown")
        XCTAssertTrue(text.hasSuffix("Plan: 0 to add, 3 to change, 0 to destroy.\n"))
    }

    func testReplace() throws {
        let text = PlanTextRenderer.render(SamplePlans.replace)
        try assertGolden(text, "replace")
        XCTAssertTrue(text.contains("-/+ metric_filter \"secret_reads\""))
        XCTAssertTrue(text.contains("+/- trail \"secret_trail\""))
        XCTAssertTrue(text.contains("~ name = \"secmon-trail\" -> \"secmon-trail-v2\" # forces replacement"))
        XCTAssertTrue(text.hasSuffix("Plan: 2 to add, 0 to change, 2 to destroy.\n"))
    }

    func testDestroy() throws {
        let text = PlanTextRenderer.render(SamplePlans.destroy)
        try assertGolden(text, "destroy")
        XCTAssertTrue(text.hasSuffix("Plan: 0 to add, 0 to change, 3 to destroy.\n"))
    }

    func testOrphanInAnApplyPlan() throws {
        try assertGolden(PlanTextRenderer.render(SamplePlans.orphan), "orphan")
    }

    func testReleaseOfARetainedResourceRemovedFromTheStack() throws {
        let text = PlanTextRenderer.render(SamplePlans.release)
        try assertGolden(text, "release")
        XCTAssertTrue(text.contains("  . release (keep it, and stop managing it: lifecycle retain)"))
        XCTAssertTrue(text.hasSuffix("Plan: 0 to add, 0 to change, 1 to destroy, 1 to release.\n"))
    }

    func testAdopt() throws {
        let text = PlanTextRenderer.render(SamplePlans.adopt)
        try assertGolden(text, "adopt")
        XCTAssertTrue(text.hasSuffix("Plan: 1 to adopt, 1 to add, 0 to change, 0 to destroy.\n"))
    }

    func testNoChange() throws {
        let text = PlanTextRenderer.render(SamplePlans.noChange)
        try assertGolden(text, "no-change")
        XCTAssertTrue(text.contains("No changes."))
        var destroy = SamplePlans.noChange
        destroy.mode = .destroy
        XCTAssertTrue(PlanTextRenderer.render(destroy).contains("No changes. Stack secret-access-alarm owns nothing"))
    }

    func testColourIsOptInAndOnlyAddsEscapes() {
        let plain = PlanTextRenderer.render(SamplePlans.replace)
        let coloured = PlanTextRenderer.render(SamplePlans.replace, style: .ansi)
        XCTAssertFalse(plain.contains("\u{1B}"))
        XCTAssertTrue(coloured.contains("\u{1B}[31m-/+\u{1B}[0m"))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9]+m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, plain)
    }

    func testThePlanSaysPerSecretWhetherItsValueIsWrittenKeptOrNotManaged() {
        func lines(_ action: ActionKind, _ value: WriteOnlyValue) -> [String] {
            var planned = PlannedAction(address: "s", kind: "secret", action: action, physicalID: "S")
            planned.writeOnly = ["value": value]
            return PlanTextRenderer.writeOnlyLines(planned, style: .plain)
        }
        XCTAssertEqual(lines(.create, .written), ["      # value: will be written (read from its source during apply)"])
        XCTAssertEqual(lines(.update, .kept), ["      # value: kept as it is in AWS"])
        XCTAssertEqual(lines(.adopt, .kept), [
            "      # value: kept as it is: adopting never overwrites it (bump its version after adopting to write it)"])
        XCTAssertEqual(lines(.update, .unmanaged), [
            "      # value: not managed: the stack names no source, so secmon never writes it"])
        XCTAssertEqual(lines(.delete, .kept), [])
    }

    func testSecretValuesAreNeverRendered() throws {
        // The plan never holds a value, only the marker; make sure no renderer invents one.
        for plan in [SamplePlans.create, SamplePlans.update, SamplePlans.destroy] {
            let text = PlanTextRenderer.render(plan)
            let json = try PlanJSONRenderer.render(plan)
            XCTAssertFalse(text.contains("hunter2") || json.contains("hunter2"))
        }
        XCTAssertTrue(try PlanJSONRenderer.render(SamplePlans.create).contains("\"value\" : true"))
        XCTAssertFalse(try PlanJSONRenderer.render(SamplePlans.create).contains("$sensitive"))
    }

    func testListDiffShowsOnlyWhatChanged() {
        let plan = SamplePlans.plan([PlannedAction(
            address: "a", kind: "alarm", action: .update, physicalID: "A",
            properties: ["alarm_actions": .list([.string("x"), .string("z")])],
            changes: [PropertyChange(path: "alarm_actions", old: .list([.string("x"), .string("y")]),
                                     new: .list([.string("x"), .string("z")]))])])
        let text = PlanTextRenderer.render(plan)
        XCTAssertTrue(text.contains("""
                  ~ alarm_actions = [
                      - "y",
                      + "z",
                        # (1 unchanged element hidden)
                    ]
            """), text)
    }
}
