import Foundation
import SecmonCLI
import SecmonCore
import SecmonPlan
import XCTest

final class PlanFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("planfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var plan: Plan {
        let context = DriverContext(stackName: "s", accountID: "123456789012", region: "eu-west-1")
        return Plan(stackName: "s", mode: .apply, context: context, actions: [
            PlannedAction(address: "top_secret", kind: "secret", action: .create, physicalID: "TopSecretInfo",
                          properties: ["name": .string("TopSecretInfo"), "value": .sensitive,
                                       "source": .map(["from_env": .string("TOP_SECRET")]),
                                       "later": .template([.reference(AttributeReference(resource: "x", attribute: "arn"))]),
                                       "unknown": .unknown, "ratio": .double(0.5)],
                          observations: [Observation(kind: "secret", physicalID: "TopSecretInfo", fingerprint: nil, hints: [:])]),
        ])
    }

    func testSavedPlanLoadsExactlyAsSaved() throws {
        let path = directory.appendingPathComponent("plan.json").path
        try PlanFile.save(plan, to: path)
        XCTAssertEqual(try PlanFile.load(from: path), plan)
        XCTAssertTrue(PlanFile.isPlanFile(path))
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
    }

    func testUnknownVersionIsRefused() throws {
        var json = String(decoding: try PlanFile.encode(plan), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 3")
        XCTAssertThrowsError(try PlanFile.decode(Data(json.utf8), path: "p.json")) { error in
            XCTAssertEqual(error as? PlanFileError, .unsupportedVersion(path: "p.json", version: 3))
            XCTAssertTrue("\(error)".contains("reads only versions 1 and 2"))
        }
    }

    /// A stack with `targets:`: every target's plan and the role it was made through.
    func testAPlanPerTargetLoadsExactlyAsSavedAndOnePlanStaysVersion1() throws {
        var other = plan
        other.context.accountID = "222222222222"
        other.context.target = "prod"
        let parts = [SavedPlan(plan, role: "arn:aws:iam::123456789012:role/a"), SavedPlan(other, role: "arn:aws:iam::222222222222:role/b")]
        let path = directory.appendingPathComponent("targets.json").path
        try PlanFile.save(parts, to: path)
        XCTAssertEqual(try PlanFile.loadParts(from: path), parts)
        XCTAssertTrue(PlanFile.isPlanFile(path))
        XCTAssertTrue(String(decoding: try PlanFile.encode(parts), as: UTF8.self).contains("\"version\" : 2"))
        XCTAssertThrowsError(try PlanFile.load(from: path)) { error in
            XCTAssertTrue("\(error)".contains("holds 2 targets' plans"), "\(error)")
        }
        XCTAssertTrue(String(decoding: try PlanFile.encode(plan), as: UTF8.self).contains("\"version\" : 1"))
        XCTAssertEqual(try PlanFile.decodeParts(try PlanFile.encode(plan), path: "p"), [SavedPlan(plan)])
    }

    func testOtherFilesAreNotPlans() throws {
        let stack = directory.appendingPathComponent("stack.yaml")
        try Data("stack: s\nresources: {}\n".utf8).write(to: stack)
        XCTAssertFalse(PlanFile.isPlanFile(stack.path))
        XCTAssertThrowsError(try PlanFile.load(from: stack.path)) { error in
            XCTAssertEqual(error as? PlanFileError, .notAPlan(path: stack.path))
        }
        XCTAssertThrowsError(try PlanFile.decode(Data("{\"version\": 1}".utf8), path: "x")) { error in
            XCTAssertEqual(error as? PlanFileError, .notAPlan(path: "x"))
        }
    }

    func testDamagedPlanSaysWhere() throws {
        let json = "{\"format\": \"secmon-plan\", \"version\": 1, \"plan\": {\"stackName\": \"s\"}}"
        XCTAssertThrowsError(try PlanFile.decode(Data(json.utf8), path: "p")) { error in
            guard case .damaged(_, let reason)? = error as? PlanFileError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.hasPrefix("missing plan."), reason)
        }
    }

    func testMissingFileIsAnErrorNamingIt() {
        XCTAssertThrowsError(try PlanFile.load(from: "/nonexistent/plan.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot read the plan file /nonexistent/plan.json"), "\(error)")
        }
    }
}
