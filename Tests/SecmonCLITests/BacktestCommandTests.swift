import Foundation
import AWSClient
import Testing
@testable import SecmonCLI

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
private let fixtures = repository + "/Tests/SecmonAlertsTests/Fixtures/cloudtrail"
private let stack = repository + "/stacks/secret-access-alarm.yaml"

private func run(_ arguments: [String], client: (any AWSCalling)? = nil) async throws -> (status: Int32, out: [String], err: [String]) {
    // The example stack's filter uses ${top_secret.read_pattern}: name the fixtures' account.
    let account = ["--account", "111122223333"] + (arguments.contains("--region") ? [] : ["--region", "us-east-1"])
    let command = try BacktestCommand.parse(arguments + account)
    var out: [String] = []
    let err = Lines()
    let status = await command.execute(output: { out.append($0) }, errorOutput: { err.append($0) }, client: client)
    return (status, out, err.all)
}

/// S3 as the backtest sees it: a two-page listing and the objects' bytes.
private struct FakeS3: AWSCalling {
    let objects: [String: Data]
    var region: String { "us-east-1" }
    func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        let keys = objects.keys.sorted()
        switch operation {
        case "ListObjectsV2":
            let firstPage = input["ContinuationToken"].string == nil
            let page = firstPage ? Array(keys.prefix(1)) : Array(keys.dropFirst())
            return .map([
                "Contents": .list(page.map { .map(["Key": .string($0)]) }),
                "IsTruncated": .bool(firstPage),
                "NextContinuationToken": firstPage ? .string("page2") : .null,
            ])
        case "GetObject":
            return .map(["Body": .blob(objects[input["Key"].string ?? ""] ?? Data())])
        default:
            throw AWSError(kind: .validation, service: "s3", operation: operation, code: "Unexpected", message: "unexpected call")
        }
    }
}

@Test func logsStraightFromABucketPrefix() async throws {
    let gz = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"))
    let single = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/get-secret-value-aws-service.json"))
    let s3 = FakeS3(objects: ["AWSLogs/111122223333/CloudTrail/a.json.gz": gz, "AWSLogs/111122223333/CloudTrail/b.json": single])
    let result = try await run([stack, "--logs", "s3://trail-bucket/AWSLogs/111122223333/", "--region", "us-east-1"], client: s3)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.first == "7 events from 2 files")
    #expect(result.out.dropFirst().first == "alarm secret_read_alarm (metric filter secret_reads, 5 matching events): fired 1 time")
}

@Test func aLogFileFiresTheAlarmOnceAndNamesTheReaders() async throws {
    let result = try await run([stack, "--logs", fixtures + "/111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == [
        "6 events from 1 file",
        "alarm secret_read_alarm (metric filter secret_reads, 4 matching events): fired 1 time",
        "  2026-01-15T12:05:00Z  arn:aws:iam::111122223333:user/alice (2), arn:aws:sts::111122223333:assumed-role/DeployRole/deploy-session (1)",
    ])
}

@Test func aDirectoryIsReadRecursivelyAndJSONIsOneDocument() async throws {
    let result = try await run([stack, "--logs", fixtures, "--json", "--from", "2026-01-15T12:05:00Z"])
    #expect(result.status == 0, "\(result.err)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.out.joined().utf8)) as? [String: Any])
    // Four copies of the six records plus four single-record files, from 12:05 on: the failed
    // read (12:04:55) and earlier are left out; the ECS read at 12:09:12 remains in each copy.
    #expect(document["files"] as? Int == 9)
    let alarms = try #require(document["alarms"] as? [[String: Any]])
    let firings = try #require(alarms.first?["firings"] as? [[String: Any]])
    #expect(firings.count == 1)
    #expect(alarms.first?["matchingEvents"] as? Int == 5)  // the ECS read: 4 copies and its own file
    #expect(firings.first?["time"] as? String == "2026-01-15T12:10:00Z")
}

@Test func badInputsExitOne() async throws {
    #expect(try await run([stack, "--logs", "/nonexistent/logs"]).err == ["error: no such file or directory: /nonexistent/logs"])
    #expect(try await run([stack, "--logs", fixtures, "--from", "yesterday"]).status == 1)
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    #expect(try await run([stack, "--logs", empty.path]).err == ["error: no files under \(empty.path)"])
    #expect(try await run([stack, "--logs", "s3://", "--region", "us-east-1"], client: FakeS3(objects: [:])).status == 1)
}
