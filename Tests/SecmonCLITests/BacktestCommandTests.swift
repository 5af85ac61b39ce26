import Foundation
import AWSClient
import TestSupport
import Testing
@testable import SecmonCLI
import SecmonAlerts
import SecmonRender

private let fixtures = BacktestRun.cloudtrailFixtures
private let stack = BacktestRun.stack

/// S3 as the backtest sees it: a two-page listing and the objects' bytes.
private func fakeS3(objects: [String: Data]) -> FakeAWS {
    let s3 = FakeAWS()
    let keys = objects.keys.sorted()
    s3.on(.s3, "ListObjectsV2") { input in
        let firstPage = input["ContinuationToken"].string == nil
        let page = firstPage ? Array(keys.prefix(1)) : Array(keys.dropFirst())
        return .map([
            "Contents": .list(page.map { .map(["Key": .string($0)]) }),
            "IsTruncated": .bool(firstPage),
            "NextContinuationToken": firstPage ? .string("page2") : .null,
        ])
    }
    s3.on(.s3, "GetObject") { input in .map(["Body": .blob(objects[input["Key"].string ?? ""] ?? Data())]) }
    return s3
}

@Test func logsStraightFromABucketPrefix() async throws {
    let gz = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"))
    let single = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/get-secret-value-aws-service.json"))
    let s3 = fakeS3(objects: ["AWSLogs/111122223333/CloudTrail/a.json.gz": gz, "AWSLogs/111122223333/CloudTrail/b.json": single,
                              "AWSLogs/111122223333/CloudTrail-Digest/c.json": Data(#"{"awsAccountId":"111122223333"}"#.utf8)])
    let result = try await BacktestRun.run([stack, "--logs", "s3://trail-bucket/AWSLogs/111122223333/", "--region", "us-east-1"], client: s3)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.first == "read 2 files, skipped 1: 7 records, 7 in the window")
    #expect(result.out.contains("  skipped s3://trail-bucket/AWSLogs/111122223333/CloudTrail-Digest/c.json: a JSON object without Records (not a CloudTrail log file)"))
    #expect(result.out.contains("alarm secret_read_alarm (metric filter secret_reads, 5 matching events): fired 1 time"))
}

@Test func aLogFileFiresTheAlarmOnceAndListsTheEvents() async throws {
    let result = try await BacktestRun.run([stack, "--logs", fixtures + "/111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.count == 7)
    #expect(Array(result.out.prefix(4)) == [
        "read 1 file: 6 records, 6 in the window",
        "  records from 2026-01-15T12:00:30Z to 2026-01-15T12:09:12Z",
        "alarm secret_read_alarm (metric filter secret_reads, 4 matching events): fired 1 time",
        "  ALARM at 2026-01-15T12:05:00Z: Sum 3 >= 1 in 2026-01-15T12:00:00Z to 2026-01-15T12:05:00Z",
    ])
    #expect(result.out[4].hasPrefix("    2026-01-15T12:00:30Z  GetSecretValue  arn:aws:iam::111122223333:user/alice  "))
    #expect(result.out[4].hasSuffix("  requestParameters.secretId=TopSecretInfo"))
}

@Test func textAndJSONAgree() async throws {
    let file = fixtures + "/111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"
    let text = try await BacktestRun.run([stack, "--logs", file, "--events"]).out
    let json = try await BacktestRun.run([stack, "--logs", file, "--events", "--json"]).out.joined(separator: "\n")
    let report = try JSONDecoder().decode(BacktestReport.self, from: Data(json.utf8))
    #expect(BacktestReportRenderer.text(report) == text)
    #expect(report.alarms.first?.events?.count == 4)
    #expect(text.contains("  matching events:"))
}

@Test func aDirectoryIsReadRecursivelyAndJSONIsOneDocument() async throws {
    let result = try await BacktestRun.run([stack, "--logs", fixtures, "--json", "--from", "2026-01-15T12:05:00Z"])
    #expect(result.status == 0, "\(result.err)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.out.joined().utf8)) as? [String: Any])
    let inputs = try #require(document["inputs"] as? [String: Any])
    // Six CloudTrail files; README.md, the JSON array and the JSON-lines file are skipped, counted.
    #expect(inputs["filesRead"] as? Int == 6)
    #expect((inputs["filesSkipped"] as? [Any])?.count == 3)
    // 16 records, 11 before 12:05; the ECS read at 12:09:12 is in three of the files.
    #expect(inputs["recordsOutsideWindow"] as? Int == 11)
    let alarms = try #require(document["alarms"] as? [[String: Any]])
    let firings = try #require(alarms.first?["firings"] as? [[String: Any]])
    #expect(firings.count == 1)
    #expect(alarms.first?["matchingEvents"] as? Int == 3)
    #expect(firings.first?["alarmAt"] as? String == "2026-01-15T12:10:00Z")
}

@Test func badInputsExitOneWithWhatToDo() async throws {
    #expect(try await BacktestRun.run([stack, "--logs", "/nonexistent/logs"]).err == ["error: no such file or directory: /nonexistent/logs"])
    #expect(try await BacktestRun.run([stack, "--logs", fixtures, "--from", "yesterday"]).status == 1)
    #expect(try await BacktestRun.run([stack, "--logs", fixtures, "--from", "2026-01-16T00:00:00Z", "--to", "2026-01-15T00:00:00Z"]).err
        == ["error: --from (2026-01-16T00:00:00Z) must be before --to (2026-01-15T00:00:00Z)"])
    #expect(try await BacktestRun.run([stack, "--logs", fixtures, "--from", "2027-01-01T00:00:00Z"]).err
        == ["error: no record in the window [2027-01-01T00:00:00Z, the last record): the logs run from 2026-01-15T12:00:30Z to 2026-01-15T12:09:12Z"])
    #expect(try await BacktestRun.run([stack, "--logs", fixtures + "/events-array.json"]).err
        == ["error: \(fixtures)/events-array.json: a JSON array, not a CloudTrail log file (no Records)"])
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    #expect(try await BacktestRun.run([stack, "--logs", empty.path]).err == ["error: no files under \(empty.path)"])
    try Data().write(to: empty.appendingPathComponent("zero.json.gz"))
    #expect(try await BacktestRun.run([stack, "--logs", empty.path]).err
        == ["error: no CloudTrail records in \(empty.path) (0 CloudTrail files; skipped 1: \(empty.path)/zero.json.gz (empty file))"])
    #expect(try await BacktestRun.run([stack, "--logs", "s3://", "--region", "us-east-1"], client: fakeS3(objects: [:])).status == 1)
}

@Test func keepGoingReportsTheBadFileAndReadsTheRest() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-keep-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.copyItem(atPath: fixtures + "/get-secret-value-iam-user.json", toPath: dir.appendingPathComponent("a.json").path)
    try Data([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0x01]).write(to: dir.appendingPathComponent("b.json.gz"))
    let stopped = try await BacktestRun.run([stack, "--logs", dir.path])
    #expect(stopped.status == 1)
    #expect(stopped.out.isEmpty)
    #expect(stopped.err.first?.hasPrefix("error: \(dir.path)/b.json.gz: the gzip data is") == true)
    let kept = try await BacktestRun.run([stack, "--logs", dir.path, "--keep-going"])
    #expect(kept.status == 1)
    #expect(kept.out.first == "read 1 file, failed 1: 1 record, 1 in the window")
    #expect(kept.out.contains { $0.hasPrefix("  failed \(dir.path)/b.json.gz: the gzip data is") })
    #expect(kept.err.first?.hasPrefix("error: \(dir.path)/b.json.gz: the gzip data is") == true)
}
