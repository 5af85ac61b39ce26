import Foundation
import TestSupport
import XCTest

/// `secmon backtest` on a corpus written by scripts/gen-cloudtrail-corpus (gzip files as
/// CloudTrail writes them, realistic noise, reads of other secrets mixed in, the planted reads
/// naming the secret by name, partial ARN and full ARN)
/// finds exactly the reads planted in it (GetSecretValue and BatchGetSecretValue), and none of
/// the near misses (other secrets whose names contain it, other accounts and regions); one core
/// and two cores print the same bytes although the files arrive out of time order. `make bench`
/// does the same at 1 GB.
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
            let stack = root.appendingPathComponent("stacks/secret-access-alarm.yaml").path
            let one = try backtest(stack, dir, jobs: "1")
            XCTAssertEqual(try matchingEvents(one), planted, "seed \(seed)")
            XCTAssertEqual(try backtest(stack, dir, jobs: "2"), one, "one core and two cores differ")
            let report = try JSONSerialization.jsonObject(with: Data(one.utf8)) as? [String: Any]
            XCTAssertEqual((report?["inputs"] as? [String: Any])?["filesSkipped"] as? [[String: String]],
                           [["file": dir.appendingPathComponent("corpus.json").path, "reason": "a JSON object without Records (not a CloudTrail log file)"]])
            // The corpus holds near misses: the loose pattern the example used to have counts them.
            let loose = corpus.appendingPathComponent("loose-\(seed).yaml")
            let example = try String(contentsOf: root.appendingPathComponent("stacks/secret-access-alarm.yaml"), encoding: .utf8)
            try example.replacingOccurrences(of: "pattern: ${top_secret.read_pattern}", with: #"pattern: '{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "*TopSecretInfo*") }'"#)
                .write(to: loose, atomically: true, encoding: .utf8)
            XCTAssertGreaterThan(try matchingEvents(try backtest(loose.path, dir, jobs: "2")) ?? 0, planted, "seed \(seed)")
        }
    }

    private func backtest(_ stack: String, _ logs: URL, jobs: String) throws -> String {
        let result = try SecmonProcess(environment: [:]).run(
            ["backtest", stack, "--logs", logs.path, "--json", "--events", "--jobs", jobs, "--account", "111122223333", "--region", "us-east-1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    private func matchingEvents(_ output: String) throws -> Int? {
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let alarms = report?["alarms"] as? [[String: Any]] ?? []
        return alarms.first?["matchingEvents"] as? Int
    }

    /// Records of another account only match when backtest is told that account.
    func testReadPatternNeedsTheAccount() throws {
        let result = try SecmonProcess(environment: [:]).run(
            ["backtest", LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml").path, "--logs", "/nonexistent"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("${top_secret.read_pattern}") && result.stderr.contains("--account"), result.stderr)
    }
}
