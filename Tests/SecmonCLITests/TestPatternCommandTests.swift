import Foundation
import Testing
@testable import SecmonCLI

private func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SecmonAlertsTests/Fixtures/cloudtrail/\(name)").path
}

private func run(_ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
    let command = try TestPatternCommand.parse(arguments)
    let capture = OutputCapture()
    let status = await CommandRunner.run(command, io: capture.io())
    return (status.code, capture.stdout, capture.stderr)
}

private let reads = #"{ $.eventName = "GetSecretValue" }"#

@Test func printsEachMatchWithItsValueAndACount() async throws {
    let result = try await run([reads, fixture("mixed-log-file.json")])
    #expect(result.status == 0)
    let lines = result.out.split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines[0] == "event 2: 2026-01-15T12:00:30Z GetSecretValue by arn:aws:iam::111122223333:user/alice  value 1")
    #expect(lines[1].hasSuffix("(ResourceNotFoundException)  value 1"))
    #expect(lines[3].contains("via ecs-tasks.amazonaws.com"))
    #expect(lines[4] == "4 of 6 events matched")
    #expect(result.err.isEmpty)
}

@Test func gzipFilesAreReadToo() async throws {
    let result = try await run([reads, fixture("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz")])
    #expect(result.out.hasSuffix("4 of 6 events matched\n"))
}

@Test func jsonOutputIsOneDocument() async throws {
    let result = try await run(["[level, code = 5*, bytes]", "--metric-value", "$bytes", "--json", fixture("README.md")])
    #expect(result.status == 0)
    let document = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    #expect(document?["matched"] as? Int == 0)
    #expect((document?["events"] as? Int ?? 0) > 5)
}

@Test func jsonMatchesCarryValuesAndExtractedFields() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-test-pattern-\(UUID().uuidString).log").path
    try Data("GET 200 512\nGET 503 1024\nPUT 500 x\n".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try await run(["[method, code = 5*, bytes]", path, "--metric-value", "$bytes", "--json"])
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    let matches = try #require(document["matches"] as? [[String: Any]])
    #expect(matches.count == 2)
    #expect(matches[0]["value"] as? Double == 1024)
    #expect((matches[0]["extractedValues"] as? [String: String])?["$code"] == "503")
    #expect(matches[1]["value"] == nil || matches[1]["value"] is NSNull)
    #expect(document["matched"] as? Int == 2)
}

@Test func aSyntaxErrorExitsOneWithACaret() async throws {
    let result = try await run(["{ $.eventName = }", fixture("mixed-log-file.json")])
    #expect(result.status == 1)
    #expect(result.out.isEmpty)
    #expect(result.err == """
        error: invalid filter pattern: expected a value after '=', found '}'
        { $.eventName = }
                        ^ expected a value after '=', found '}'

        """)
}

@Test func aMissingFileExitsOne() async throws {
    let result = try await run([reads, "/nonexistent/secmon/file.json"])
    #expect(result.status == 1)
    #expect(result.err.contains("cannot read /nonexistent/secmon/file.json: no such file"))
}

@Test func aDirectoryExitsOneSayingSo() async throws {
    let directory = FileManager.default.temporaryDirectory.path
    let result = try await run([reads, directory])
    #expect(result.status == 1)
    #expect(result.err.contains("cannot read \(directory): it is a directory"))
}

@Test func anInvalidMetricValueExitsOne() async throws {
    let result = try await run(["ERROR", "--metric-value", "$.x", fixture("mixed-log-file.json")])
    #expect(result.status == 1)
    #expect(result.err.contains("not a JSON pattern"))
}

@Test func onATerminalItSaysItIsReadingStandardInput() {
    #expect(TestPatternCommand.standardInputNote(inputIsTerminal: true)?.contains("standard input") == true)
    #expect(TestPatternCommand.standardInputNote(inputIsTerminal: false) == nil)
}

private func runWithStandardInput(_ text: String, _ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-test-pattern-\(UUID().uuidString)").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await run(arguments + [path])
}

/// Issue 15: the AWS documentation's example log line is a line, not broken JSON.
@Test func aLogLineStartingWithABracketIsALine() async throws {
    let result = try await runWithStandardInput("[ERROR 400] BAD REQUEST\n", ["ERROR"])
    #expect(result.status == 0)
    #expect(result.out == "event 1: [ERROR 400] BAD REQUEST  value 1\n1 of 1 event matched\n")
}

@Test func aNamedFormatThatDoesNotParseFailsWithNothingOnStandardOutput() async throws {
    for arguments in [["ERROR", "--format", "json"], ["ERROR", "--format", "json", "--json"], ["ERROR", "--format", "cloudtrail"]] {
        let result = try await runWithStandardInput("[ERROR 400] BAD REQUEST\n", arguments)
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("is not valid JSON"))
    }
    #expect(try await runWithStandardInput(#"["a", "ERROR b"]"#, ["ERROR", "--format", "lines"]).out.hasSuffix("1 of 1 event matched\n"))
}

@Test func aTruncatedGzipFailsWithNothingOnStandardOutput() async throws {
    let gz = try Data(contentsOf: URL(fileURLWithPath: fixture("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz")))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-truncated-\(UUID().uuidString).gz").path
    try gz.prefix(gz.count / 2).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try await run([reads, path, "--json"])
    #expect(result.status == 1)
    #expect(result.out.isEmpty)
}

@Test func aJSONArrayOfJSONStringsMatchesJSONPatterns() async throws {
    let result = try await runWithStandardInput(#"["{\"bandwidth\": 80}", "{\"bandwidth\": 20}"]"#, ["{ $.bandwidth > 75 }"])
    #expect(result.out.hasSuffix("1 of 2 events matched\n"))
}
