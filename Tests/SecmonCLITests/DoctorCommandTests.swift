import ArgumentParser
import XCTest
@testable import SecmonCLI

final class DoctorCommandTests: XCTestCase {
    func testAnEmptySecretNameIsAUsageError() {
        XCTAssertThrowsError(try DoctorCommand.parse(["--secret", ""]))
        XCTAssertThrowsError(try DoctorCommand.parse(["--secret", "  "]))
        XCTAssertNoThrow(try DoctorCommand.parse(["--secret", "TopSecretInfo"]))
    }
}
