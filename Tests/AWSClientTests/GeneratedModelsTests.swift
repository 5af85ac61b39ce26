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
            let actual = (try? String(contentsOf: committedDir.appendingPathComponent(name), encoding: .utf8)) ?? ""
            if actual != expected {
                XCTFail("\(name) is stale (\(Self.firstDifference(actual, expected))); "
                    + "regenerate with python3 scripts/codegen/generate-models.py")
            }
        }
    }

    /// "line N differs", so a failure points at the change instead of printing whole models.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(left.count, right.count) where left.indices.contains(i) != right.indices.contains(i)
            || (left.indices.contains(i) && left[i] != right[i]) {
            return "line \(i + 1) differs"
        }
        return "same lines"
    }
}
