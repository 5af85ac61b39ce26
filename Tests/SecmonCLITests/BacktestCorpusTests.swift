import Foundation
import TestSupport
import XCTest

/// `secmon backtest` of the example stack on a corpus written by scripts/gen-cloudtrail-corpus
/// (gzip files as CloudTrail writes them, realistic noise, the planted reads naming the secret by
/// name, partial ARN and full ARN in GetSecretValue and in BatchGetSecretValue's secretIdList)
/// fires for exactly the reads planted in it, compared by eventID, and for none of the near
/// misses (every kind of them is in the corpus: names with a suffix, a prefix, a path or a
/// hyphenated sibling, the same name in another account or region, batches of other secrets or
/// by filters, other operations on it); with a wildcard on the secret id instead of
/// `${top_secret.read_pattern}` the same run counts near misses, so this test would fail. One
/// core and two cores print the same bytes although the files arrive out of time order.
/// `make bench` does the same at 1 GB.
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
            let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("corpus.json"))) as? [String: Any])
            let plantedIDs = try XCTUnwrap(summary["planted_event_ids"] as? [String])
            XCTAssertEqual(plantedIDs.count, planted)
            let nearMisses = try XCTUnwrap(summary["near_misses"] as? [String: Int])
            XCTAssertEqual(nearMisses.count, 16)
            XCTAssertEqual(nearMisses.filter { $0.value == 0 }.keys.sorted(), [], "seed \(seed): every kind of near miss is in the corpus")
            let one = try backtest(stack, dir, jobs: "1")
            XCTAssertEqual(try matchingEvents(one), planted, "seed \(seed)")
            XCTAssertEqual(try matchingEventIDs(one).sorted(), plantedIDs.sorted(), "seed \(seed): exactly the planted reads")
            // Every firing is for planted reads only; no reads, no firing.
            let fired = try firingEventIDs(one)
            XCTAssertEqual(fired.isEmpty, planted == 0, "seed \(seed)")
            XCTAssertTrue(Set(fired).isSubset(of: plantedIDs), "seed \(seed): a firing for something else")
            XCTAssertEqual(try backtest(stack, dir, jobs: "2"), one, "one core and two cores differ")
            let report = try JSONSerialization.jsonObject(with: Data(one.utf8)) as? [String: Any]
            XCTAssertEqual((report?["inputs"] as? [String: Any])?["filesSkipped"] as? [[String: String]],
                           [["file": dir.appendingPathComponent("corpus.json").path, "reason": "a JSON object without Records (not a CloudTrail log file)"]])
            // The corpus holds near misses: each looser pattern (the wildcard the example used to have,
            // a prefix wildcard, the exact forms without the account and region) fires for some.
            let example = try String(contentsOf: root.appendingPathComponent("stacks/secret-access-alarm.yaml"), encoding: .utf8)
            let reads = #"($.eventSource = "secretsmanager.amazonaws.com") && (($.eventName = "GetSecretValue") || ($.eventName = "BatchGetSecretValue"))"#
            let anyAccount = #"($.requestParameters.secretId = "TopSecretInfo") || ($.requestParameters.secretId = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo") || ($.requestParameters.secretId = %^arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo-[A-Za-z0-9]{6}$%) || ($.requestParameters.secretIdList[*] = "TopSecretInfo")"#
            for (k, loose) in [#"($.requestParameters.secretId = "*TopSecretInfo*") || ($.requestParameters.secretIdList[*] = "*TopSecretInfo*")"#,
                               #"($.requestParameters.secretId = "TopSecretInfo*") || ($.requestParameters.secretIdList[*] = "TopSecretInfo*")"#,
                               anyAccount].enumerated() {
                let file = corpus.appendingPathComponent("loose-\(seed)-\(k).yaml")
                try example.replacingOccurrences(of: "pattern: ${top_secret.read_pattern}", with: "pattern: '{ \(reads) && (\(loose)) }'")
                    .write(to: file, atomically: true, encoding: .utf8)
                let ids = try matchingEventIDs(try backtest(file.path, dir, jobs: "2"))
                XCTAssertFalse(Set(ids).subtracting(plantedIDs).isEmpty, "seed \(seed), loose pattern \(k): no false alarm in \(ids.count) matches")
            }
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

    private func matchingEventIDs(_ output: String) throws -> [String] {
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let alarms = report?["alarms"] as? [[String: Any]] ?? []
        XCTAssertEqual(alarms.count, 1)
        XCTAssertEqual(alarms.first?["eventsNotListed"] as? Int, 0)
        let events = alarms.first?["events"] as? [[String: Any]] ?? []
        return events.map { $0["eventID"] as? String ?? "-" }
    }

    private func firingEventIDs(_ output: String) throws -> [String] {
        let report = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let alarms = report?["alarms"] as? [[String: Any]] ?? []
        let firings = alarms.first?["firings"] as? [[String: Any]] ?? []
        return firings.flatMap { ($0["events"] as? [[String: Any]] ?? []).map { $0["eventID"] as? String ?? "-" } }
    }

    /// Records of another account only match when backtest is told that account.
    func testReadPatternNeedsTheAccount() throws {
        let result = try SecmonProcess(environment: [:]).run(
            ["backtest", LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml").path, "--logs", "/nonexistent"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("${top_secret.read_pattern}") && result.stderr.contains("--account"), result.stderr)
    }
}
