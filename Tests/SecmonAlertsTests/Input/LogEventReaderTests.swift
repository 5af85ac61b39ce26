import Foundation
import SecmonAlerts
import Testing

/// Fixtures live next to the tests; found from this file's path so no resource bundle is needed.
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/cloudtrail/\(name)").path
}

func readFixture(_ name: String) throws -> (events: [LogEvent], format: LogEventReader.Format) {
    var events: [LogEvent] = []
    let format = try LogEventReader.forEachEvent(in: try FileByteSource(path: fixture(name))) { (event: LogEvent) throws(LogInputError) in
        events.append(event)
    }
    return (events, format)
}

private let expectedOrder = ["ListBuckets", "GetSecretValue", "DescribeSecret", "GetSecretValue", "GetSecretValue", "GetSecretValue"]

@Test("every input form gives the same six records", arguments: [
    ("mixed-log-file.json", LogEventReader.Format.cloudTrailFile),
    ("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz", .cloudTrailFile),
    ("events-one-per-line.jsonl", .lines),
    ("events-array.json", .jsonArray),
])
func inputForms(_ name: String, _ format: LogEventReader.Format) throws {
    let (events, detected) = try readFixture(name)
    #expect(detected == format)
    #expect(events.map { $0.json?["eventName"]?.scalarText } == expectedOrder)
    #expect(events.allSatisfy { $0.timestamp != nil })
    #expect(events[1].timestamp == Date(timeIntervalSince1970: 1_768_478_430))  // 2026-01-15T12:00:30Z
}

@Test func aLogFileRecordKeepsItsExactText() throws {
    let (events, _) = try readFixture("mixed-log-file.json")
    #expect(events[0].message.hasPrefix(#"{"eventVersion":"1.11","userIdentity":{"type":"AssumedRole""#))
    #expect(events[0].message.hasSuffix(#""eventCategory":"Management"}"#))
}

@Test("the GetSecretValue pattern finds the four reads, failed or not", arguments: [
    "mixed-log-file.json", "events-one-per-line.jsonl",
    "111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz",
])
func getSecretValueReads(_ name: String) throws {
    let pattern = try FilterPattern(#"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") }"#)
    #expect(try readFixture(name).events.filter(pattern.matches).count == 4)
}

@Test("each fixture is what its name says", arguments: [
    ("get-secret-value-iam-user.json", #"{ $.userIdentity.type = "IAMUser" && $.errorCode NOT EXISTS && $.requestParameters.secretId = "TopSecretInfo" }"#),
    ("get-secret-value-assumed-role.json", #"{ $.userIdentity.type = "AssumedRole" && $.userIdentity.sessionContext.sessionIssuer.userName = "DeployRole" && $.requestParameters.secretId = "arn:aws:secretsmanager:*" }"#),
    ("get-secret-value-failed-version-id.json", #"{ $.errorCode = "ResourceNotFoundException" && $.errorMessage = "*VersionId*" && $.requestParameters.versionId = * }"#),
    ("get-secret-value-aws-service.json", #"{ $.userIdentity.invokedBy = "ecs-tasks.amazonaws.com" && $.sourceIPAddress = "*.amazonaws.com" }"#),
])
func fixtureContents(_ name: String, _ pattern: String) throws {
    let (events, format) = try readFixture(name)
    #expect(format == .cloudTrailFile)
    #expect(events.count == 1)
    #expect(try FilterPattern(pattern).matches(events[0]))
    #expect(events[0].json?["eventName"]?.scalarText == "GetSecretValue")
}

@Test func plainLinesAreEventsWithoutTime() throws {
    let events = try LogEventReader.events(in: MemoryByteSource(Array("ERROR one\r\n\n  \nWARN two".utf8)))
    #expect(events.map(\.message) == ["ERROR one", "WARN two"])
    #expect(events.allSatisfy { $0.timestamp == nil })
}

@Test func linesSpanningChunksAreJoined() throws {
    // One line much longer than a read chunk.
    let long = String(repeating: "x", count: 600_000)
    let events = try LogEventReader.events(in: MemoryByteSource(Array("a\n\(long)\nb\n".utf8)))
    #expect(events.map(\.message.count) == [1, 600_000, 1])
}

@Test func aJSONArrayOfStringsGivesTheStrings() throws {
    let events = try LogEventReader.events(in: MemoryByteSource(Array(#"["ERROR a", {"k": 1}, 3]"#.utf8)))
    #expect(events.map(\.message) == ["ERROR a", #"{"k": 1}"#, "3"])
    #expect(events[1].json?["k"] == .number(1, text: "1"))
}

@Test func concatenatedGzipMembersAreOneStream() throws {
    let gz = try Data(contentsOf: URL(fileURLWithPath: fixture("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz")))
    var inflater = try GzipByteSource(MemoryByteSource(gz + gz))
    var out: [UInt8] = []
    while true {
        let chunk = try inflater.read(maxCount: 1000)
        if chunk.isEmpty { break }
        out += chunk
    }
    let plain = try Data(contentsOf: URL(fileURLWithPath: fixture("mixed-log-file.json")))
    #expect(out == [UInt8](plain + plain))
}

@Test func truncatedOrCorruptGzipIsAnError() throws {
    let gz = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"))))
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(Array(gz.prefix(gz.count / 2)))) }
    var corrupt = gz
    corrupt[20] ^= 0xFF
    corrupt[21] ^= 0xFF
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(corrupt)) }
}

@Test func invalidJSONDocumentsAreErrorsNotCrashes() {
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(Array(#"{"Records": [{"a": 1}, ]}"#.utf8))) }
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(Array(#"[1, 2"#.utf8)), format: .jsonArray) }
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(Array(#"{"Records": []} extra"#.utf8))) }
}

@Test func aLogFileWithOtherMembersAfterRecords() throws {
    let events = try LogEventReader.events(in: MemoryByteSource(Array(#"{"Records": [{"eventName": "A"}], "digest": {"x": [1]}}"#.utf8)))
    #expect(events.count == 1)
}

@Test func cloudTrailTimes() throws {
    let line = #"{"eventTime": "2026-01-15T12:00:30.250Z"}"#
    let events = try LogEventReader.events(in: MemoryByteSource(Array(line.utf8)))
    #expect(events.first?.timestamp == Date(timeIntervalSince1970: 1_768_478_430.25))
    let leap = try LogEventReader.events(in: MemoryByteSource(Array(#"{"eventTime": "2024-02-29T00:00:00Z"}"#.utf8)))
    #expect(leap.first?.timestamp == Date(timeIntervalSince1970: 1_709_164_800))
    let bad = try LogEventReader.events(in: MemoryByteSource(Array(#"{"eventTime": "yesterday"}"#.utf8)))
    #expect(bad.first?.timestamp == nil)
}

/// Issue 15: AWS's own example log line starts with `[` but is no JSON: it is a line.
@Test func textThatOnlyStartsLikeAJSONArrayIsLines() throws {
    let events = try LogEventReader.events(in: MemoryByteSource(Array("[ERROR 400] BAD REQUEST\n[INFO 200] OK\n".utf8)))
    #expect(events.map(\.message) == ["[ERROR 400] BAD REQUEST", "[INFO 200] OK"])
    var format: LogEventReader.Format?
    format = try LogEventReader.forEachEvent(in: MemoryByteSource(Array("[1, 2".utf8))) { (_: LogEvent) throws(LogInputError) in }
    #expect(format == .lines)
}

@Test func aNamedFormatIsUsedAsNamed() throws {
    let array = Array(#"["a", "b"]"#.utf8)
    #expect(try LogEventReader.events(in: MemoryByteSource(array), format: .lines).map(\.message) == [#"["a", "b"]"#])
    #expect(try LogEventReader.events(in: MemoryByteSource(array), format: .jsonArray).map(\.message) == ["a", "b"])
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(array), format: .cloudTrailFile) }
    #expect(throws: LogInputError.self) { try LogEventReader.events(in: MemoryByteSource(Array("[ERROR 400]".utf8)), format: .jsonArray) }
}

/// Issue 15: the message is the text, whatever the container: a string element holding JSON
/// is matched by JSON patterns just as the same text on a line is.
@Test func aJSONStringElementHoldingJSONIsAJSONEvent() throws {
    let events = try LogEventReader.events(in: MemoryByteSource(Array(#"["{\"bandwidth\": 80, \"eventTime\": \"2026-01-15T12:00:30Z\"}"]"#.utf8)))
    #expect(events.map(\.message) == [#"{"bandwidth": 80, "eventTime": "2026-01-15T12:00:30Z"}"#])
    #expect(try FilterPattern("{ $.bandwidth > 75 }").matches(events[0]))
    #expect(events[0].timestamp == Date(timeIntervalSince1970: 1_768_478_430))
}

/// Issue 15: memory stays bounded however far a gzip inflates: a document or a line beyond the
/// limits is an error, not an allocation of gigabytes.
@Test func inputsBeyondTheMemoryLimitsAreErrors() throws {
    var limits = LogEventReader.Limits()
    limits.documentBytes = 1 << 20
    limits.lineBytes = 1 << 16
    let zeros = try gzipped([UInt8](repeating: 0x30, count: 4 << 20))
    #expect(zeros.count < 64 * 1024)
    #expect(throws: LogInputError("line 1 is longer than 65536 bytes (a CloudWatch Logs event is at most 1 MB): this is not a log of events")) {
        try LogEventReader.events(in: MemoryByteSource(zeros), limits: limits)
    }
    let array = try gzipped(Array("[".utf8) + [UInt8](repeating: 0x20, count: 4 << 20) + Array("]".utf8))
    #expect(throws: LogInputError("the JSON array is larger than 1 MiB (CloudTrail writes files of a few megabytes): split it, or read it as lines")) {
        try LogEventReader.events(in: MemoryByteSource(array), limits: limits)
    }
    // Within the limits, the same shapes read fine.
    let small = try gzipped(Array("[\"a\"]\nline\n".utf8))
    #expect(try LogEventReader.events(in: MemoryByteSource(small), limits: limits).map(\.message) == [#"["a"]"#, "line"])
}

/// gzip through the system tool (tests only).
private func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-gz-\(UUID().uuidString)")
    try Data(bytes).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-1", input.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}
