import Foundation
import Testing
@testable import SecmonCLI

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
private let fixtures = repository + "/Tests/SecmonAlertsTests/Fixtures/cloudtrail"
private let stack = repository + "/stacks/secret-access-alarm.yaml"

private func run(_ arguments: [String]) throws -> (status: Int32, out: [String], err: [String]) {
    let command = try BacktestCommand.parse(arguments)
    var out: [String] = []
    var err: [String] = []
    let status = command.execute(output: { out.append($0) }, errorOutput: { err.append($0) })
    return (status, out, err)
}

@Test func aLogFileFiresTheAlarmOnceAndNamesTheReaders() throws {
    let result = try run([stack, "--logs", fixtures + "/111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == [
        "6 events from 1 file",
        "alarm secret_read_alarm (metric filter secret_reads, 4 matching events): fired 1 time",
        "  2026-01-15T12:05:00Z  arn:aws:iam::111122223333:user/alice (2), arn:aws:sts::111122223333:assumed-role/DeployRole/deploy-session (1)",
    ])
}

@Test func aDirectoryIsReadRecursivelyAndJSONIsOneDocument() throws {
    let result = try run([stack, "--logs", fixtures, "--json", "--from", "2026-01-15T12:05:00Z"])
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

@Test func badInputsExitOne() throws {
    #expect(try run([stack, "--logs", "/nonexistent/logs"]).err == ["error: no such file or directory: /nonexistent/logs"])
    #expect(try run([stack, "--logs", fixtures, "--from", "yesterday"]).status == 1)
}
