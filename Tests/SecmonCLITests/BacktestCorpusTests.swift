import Foundation
import TestSupport
import XCTest

/// `secmon backtest` on a corpus written by scripts/gen-cloudtrail-corpus (gzip files as
/// CloudTrail writes them, realistic noise, reads of other secrets mixed in, the planted reads
/// naming the secret by name, partial ARN and full ARN)
/// finds exactly the GetSecretValue calls planted in it, and one core and two cores print the
/// same bytes although the files arrive out of time order. `make bench` does the same at 1 GB.
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
            // Name order opposite to time order: files arrive out of time order. corpus.json (the
            // generator's summary) stays: it is not CloudTrail and must be skipped and counted.
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json.gz") }.sorted()
            for (k, name) in names.enumerated() {
                try FileManager.default.moveItem(at: dir.appendingPathComponent(name),
                                                 to: dir.appendingPathComponent(String(format: "%03d-", names.count - k) + name))
            }
            var outputs: [String] = []
            for jobs in ["1", "2"] {
                let result = try SecmonProcess(environment: [:]).run(
                    ["backtest", root.appendingPathComponent("stacks/secret-access-alarm.yaml").path, "--logs", dir.path, "--json", "--events", "--jobs", jobs])
                XCTAssertEqual(result.status, 0, result.stderr)
                let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                let alarms = report?["alarms"] as? [[String: Any]] ?? []
                XCTAssertEqual(alarms.first?["matchingEvents"] as? Int, planted, "seed \(seed): \(result.stdout.prefix(400))")
                XCTAssertEqual((report?["inputs"] as? [String: Any])?["filesSkipped"] as? [[String: String]],
                               [["file": dir.appendingPathComponent("corpus.json").path, "reason": "a JSON object without Records (not a CloudTrail log file)"]])
                outputs.append(result.stdout)
            }
            XCTAssertEqual(outputs[0], outputs[1], "one core and two cores differ")
        }
    }
}
