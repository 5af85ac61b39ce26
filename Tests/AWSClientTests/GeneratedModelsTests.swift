import Foundation
import XCTest

/// Fails when Sources/AWSClient/Generated no longer matches what the generator makes from the
/// installed botocore and scripts/codegen/operations.json.
final class GeneratedModelsTests: XCTestCase {
    func testCommittedModelsMatchTheGenerator() throws {
        let root = repositoryRoot()
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("secmon-models-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/codegen/generate-models.py").path,
                             "--out", scratch.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return XCTFail("The model generator failed (is botocore installed? run scripts/install-deps): \(stderr)")
        }

        let committedDir = root.appendingPathComponent("Sources/AWSClient/Generated")
        let fresh = try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
        let committed = try FileManager.default.contentsOfDirectory(atPath: committedDir.path).sorted()
        XCTAssertEqual(committed, fresh, "Generated files differ; run python3 scripts/codegen/generate-models.py")
        for name in fresh {
            let expected = try String(contentsOf: scratch.appendingPathComponent(name), encoding: .utf8)
            let actual = try? String(contentsOf: committedDir.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(actual, expected,
                           "\(name) is stale; regenerate with python3 scripts/codegen/generate-models.py")
        }
    }
}
