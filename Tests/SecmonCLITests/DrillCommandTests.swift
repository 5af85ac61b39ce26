import ArgumentParser
import SecmonDoctor
import XCTest
@testable import SecmonCLI

final class DrillCommandTests: XCTestCase {
    func testTimeoutsReadAsDurations() {
        XCTAssertEqual(DurationArgument(argument: "90s")?.seconds, 90)
        XCTAssertEqual(DurationArgument(argument: "15m")?.seconds, 900)
        XCTAssertEqual(DurationArgument(argument: "1h")?.seconds, 3_600)
        XCTAssertEqual(DurationArgument(argument: "45")?.seconds, 45)
        XCTAssertEqual(DurationArgument(argument: "7d")?.seconds, 7 * 86_400)
        XCTAssertNil(DurationArgument(argument: "soon"))
        XCTAssertNil(DurationArgument(argument: "-5m"))
        XCTAssertNil(DurationArgument(argument: "0"))
    }

    func testOptionsAreParsed() throws {
        let drill = try DrillCommand.parse(["stacks/x.yaml", "--from", "log", "--timeout", "2m", "--secret", "S"])
        XCTAssertEqual(drill.from, .log)
        XCTAssertEqual(drill.timeout.seconds, 120)
        XCTAssertEqual(drill.secret, "S")
        XCTAssertEqual(drill.stack.stack, "stacks/x.yaml")
        XCTAssertEqual(try DrillCommand.parse(["--from", "alarm"]).timeout.seconds, 900)
        XCTAssertThrowsError(try DrillCommand.parse(["--from", "email"]))
        XCTAssertThrowsError(try DrillCommand.parse([]), "--from is required")
    }

    func testDoctorOptionsAreParsed() throws {
        let doctor = try DoctorCommand.parse(["--secret", "TopSecretInfo", "--json"])
        XCTAssertNil(doctor.stack.stack)
        XCTAssertEqual(doctor.secret, "TopSecretInfo")
        XCTAssertTrue(doctor.json)
    }
}
