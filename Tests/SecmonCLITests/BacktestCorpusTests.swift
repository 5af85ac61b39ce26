import Foundation
import TestSupport
import XCTest

/// `secmon backtest` on a corpus written by scripts/gen-cloudtrail-corpus (gzip files as
/// CloudTrail writes them, realistic noise, reads of other secrets mixed in, the planted reads
/// naming the secret by name, partial ARN and full ARN)
/// finds exactly the GetSecretValue calls planted in it. `make bench` does the same at 1 GB.
final class BacktestCorpusTests: XCTestCase {
    func testBacktestFindsExactlyThePlantedReads() throws {
        let root = LocalEndpoint.repositoryRoot
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: corpus) }
        for (seed, planted) in [(7, 23), (11, 0)] {
            let dir = corpus.appendingPathComponent("seed-\(seed)")
            let generator = Process()
            generator.executableURL = root.appendingPathComponent("scripts/gen-cloudtrail-corpus")
            generator.arguments = [dir.path, "2", String(planted), String(seed)]
            generator.standardOutput = FileHandle.nullDevice
            try generator.run()
            XCTAssertEqual(ChildExit.wait(for: generator), 0)
            // The summary file is not a log file: hand backtest the .json.gz files only.
            let logs = dir.appendingPathComponent("logs")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".json.gz") {
                try FileManager.default.moveItem(at: dir.appendingPathComponent(file), to: logs.appendingPathComponent(file))
            }
            let result = try SecmonProcess(environment: [:]).run(
                ["backtest", root.appendingPathComponent("stacks/secret-access-alarm.yaml").path, "--logs", logs.path, "--json"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let alarms = report?["alarms"] as? [[String: Any]] ?? []
            XCTAssertEqual(alarms.first?["matchingEvents"] as? Int, planted, "seed \(seed): \(result.stdout.prefix(400))")
        }
    }
}
