import Foundation
@testable import SecmonAlerts
import Testing

private let read = #"{"eventTime":"2026-01-15T12:00:30Z","eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","eventID":"e1","requestParameters":{"secretId":"TopSecretInfo"}}"#
private let other = #"{"eventTime":"2026-01-15T12:01:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","eventID":"e2"}"#

/// Each odd input, with what the backtest says about it.
@Test(arguments: [
    ("", "empty file"),
    ("   \n", "empty file"),
    (#"{"Records": {"eventName": "GetSecretValue"}}"#, "its Records member is an object, not an array of records"),
    (#"{"awsAccountId":"111122223333","digestStartTime":"2026-01-15T12:00:00Z"}"#, "a JSON object without Records (not a CloudTrail log file)"),
    (#"{"logFiles": [], "Records2": []}"#, "a JSON object without Records (not a CloudTrail log file)"),
    (#"[{"eventName": "GetSecretValue"}]"#, "a JSON array, not a CloudTrail log file (no Records)"),
    ("ERROR one line\nERROR another\n", "not JSON"),
])
func nonCloudTrailContentIsSkippedWithAReason(_ text: String, _ reason: String) throws {
    let result = try scan(text)
    #expect(result.outcome == .skipped(reason))
    #expect(result.records == 0)
}

@Test func randomBytesNamedGzipAreSkippedAndCorruptGzipFails() throws {
    var rng = SystemRandomNumberGenerator()
    let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
    let notGzip = [UInt8(ascii: "x")] + random
    let plan = try backtestPlan()
    let window = try BacktestWindow(from: nil, to: nil)
    #expect(BacktestFileResult.scan(notGzip, name: "a.json.gz", index: 0, plan: plan, window: window).outcome
        == .skipped("named .gz but not gzip data"))
    let corrupt: [UInt8] = [0x1F, 0x8B, 0x08, 0x00] + random
    guard case .failed(let reason) = BacktestFileResult.scan(corrupt, name: "b.json.gz", index: 0, plan: plan, window: window).outcome else {
        Issue.record("corrupt gzip was not a failure"); return
    }
    #expect(reason.hasPrefix("the gzip data is corrupt"))
    let whole = try gzip(Array(#"{"Records":[\#(read)]}"#.utf8))
    #expect(BacktestFileResult.scan(Array(whole.prefix(whole.count - 12)), name: "c.json.gz", index: 0, plan: plan, window: window).outcome
        == .failed("the gzip data is truncated"))
    // Two members, as `cat a.gz b.gz` writes: one file.
    let two = try gzip(Array(#"{"Records":[\#(read),"#.utf8)) + (try gzip(Array("\(other)]}".utf8)))
    #expect(BacktestFileResult.scan(two, name: "d.json.gz", index: 0, plan: plan, window: window).records == 2)
}

@Test func aGzipThatInflatesPastTheLimitIsRefused() throws {
    // 3 MB of blanks inside a valid log file compress to a few kilobytes.
    let bomb = try gzip(Array(#"{"Records":[\#(read)]"#.utf8) + Array(repeating: 0x20, count: 3 * 1024 * 1024) + [UInt8(ascii: "}")])
    #expect(bomb.count < 64 * 1024)
    let result = BacktestFileResult.scan(bomb, name: "bomb.json.gz", index: 0, plan: try backtestPlan(),
                                         window: try BacktestWindow(from: nil, to: nil), sizeLimit: 1024 * 1024)
    #expect(result.outcome == .failed("larger than 1 MB once decompressed (the per-file limit; see --max-file-mb)"))
    #expect(try scan("{\"Records\":[\(read)]}" + String(repeating: " ", count: 2 * 1024 * 1024), limit: 1024 * 1024).outcome
        == .failed("larger than 1 MB once decompressed (the per-file limit; see --max-file-mb)"))
}

@Test func brokenCloudTrailFilesFailWithWhere() throws {
    for (text, message) in [
        (#"{"Records":[\#(read),"#, "CloudTrail log file is not valid JSON: a record is missing, not an object at byte"),
        (#"{"Records":[\#(read), 3]}"#, "CloudTrail log file is not valid JSON: a record is a number, not an object at byte"),
        (#"{"Records":[{"a":[1}]}"#, "CloudTrail log file is not valid JSON: mismatched '}' at byte"),
        (#"{"Records":[]} trailing"#, "CloudTrail log file is not valid JSON: unexpected text after the log file's object at byte"),
    ] {
        guard case .failed(let reason) = try scan(text).outcome else { Issue.record("\(text) did not fail"); continue }
        #expect(reason.hasPrefix(message), "\(reason)")
    }
    // A record a filter may match is parsed in full, and must be valid JSON.
    guard case .failed(let reason) = try scan(#"{"Records":[{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","requestParameters":{"secretId":"TopSecretInfo"},"x":tru}]}"#).outcome else {
        Issue.record("invalid record was not a failure"); return
    }
    #expect(reason.hasPrefix("record 1 is not valid JSON"))
}

@Test func untimedRecordsAreCountedAndTheirMatchesListed() throws {
    let untimed = #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","eventID":"e3","requestParameters":{"secretId":"TopSecretInfo"}}"#
    let badTime = #"{"eventTime":"yesterday","eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","eventID":"e4","requestParameters":{"secretId":"TopSecretInfo"}}"#
    let result = try scan(#"{"Records":[\#(read),\#(untimed),\#(badTime),\#(other)]}"#)
    #expect(result.records == 4)
    #expect(result.untimed == 2)
    #expect(result.tallies[0].matchCount == 3)
    #expect(result.tallies[0].untimedMatches.map(\.eventID) == ["e3", "e4"])
    let report = BacktestReport(plan: try backtestPlan(), totals: {
        var t = BacktestTotals(filterCount: 1); t.merge(result); return t
    }(), window: try BacktestWindow(from: nil, to: nil), listEvents: false)
    #expect((report.inputs.filesRead, report.inputs.records, report.inputs.recordsInWindow, report.inputs.untimedRecords) == (1, 4, 2, 2))
    #expect(report.alarms[0].untimedMatches.map(\.eventID) == ["e3", "e4"])
}

@Test func recordsOutsideTheWindowAreCounted() throws {
    let window = try BacktestWindow(from: Date(timeIntervalSince1970: 1_768_478_440), to: nil)  // 12:00:40
    let result = try scan(#"{"Records":[\#(read),\#(other)]}"#, window: window)
    #expect(result.outsideWindow == 1)
    #expect(result.tallies[0].matchCount == 0)
    #expect(throws: BacktestError.self) { try BacktestWindow(from: Date(timeIntervalSince1970: 10), to: Date(timeIntervalSince1970: 10)) }
}

@Test func thePrefilterNeverHidesAMatch() throws {
    // "TopSecretInfo" spelled with a \u escape: not in the bytes, but in the value.
    let escaped = #"{"eventTime":"2026-01-15T12:00:30Z","eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","requestParameters":{"secretId":"Top\u0053ecretInfo"}}"#
    #expect(try scan(#"{"Records":[\#(escaped)]}"#).tallies[0].matchCount == 1)
    #expect(MatchPrefilter(try FilterPattern(#"{ $.a = "x" || $.b = "yy" }"#)).literals == [])
    #expect(MatchPrefilter(try FilterPattern(#"{ $.a = "x" && $.b = "*yyy*" }"#)).literals == [Array("x".utf8), Array("yyy".utf8)])
    #expect(MatchPrefilter(try FilterPattern(#"{ $.a != "x" }"#)).literals == [])
    #expect(MatchPrefilter(try FilterPattern(#"{ $.a = "a/b" }"#)).literals == [])
    #expect(MatchPrefilter(try FilterPattern(#"ERROR -DEBUG"#)).literals == [Array("ERROR".utf8)])
    #expect(MatchPrefilter(try FilterPattern(#"%ERR.R%"#)).literals == [])
}

@Test func eitherSideOfAnOrNeedsWhatBothSidesContain() throws {
    // `GetSecretValue` is inside `BatchGetSecretValue`: a match of either side holds it.
    let pattern = try FilterPattern(#"{ $.eventSource = "secretsmanager.amazonaws.com" && (($.eventName = "GetSecretValue" && $.x = "zz") || ($.eventName = "BatchGetSecretValue" && $.y = "ww")) }"#)
    #expect(MatchPrefilter(pattern).literals.map { String(decoding: $0, as: UTF8.self) } == ["secretsmanager.amazonaws.com", "GetSecretValue"])
    // A record holding only one of the required literals is not parsed; one holding both is.
    let both = #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"BatchGetSecretValue","y":"ww","eventTime":"2026-01-15T12:00:30Z"}"#
    let oneOnly = #"{"eventSource":"secretsmanager.amazonaws.com","eventName":"ListSecrets","eventTime":"2026-01-15T12:00:40Z"}"#
    let bytes = Array(#"{"Records":[\#(oneOnly),\#(both)]}"#.utf8)
    bytes.withUnsafeBufferPointer { buffer in
        let counts = MatchPrefilter.ByteCounts(sampling: buffer)
        var scan = MatchPrefilter.Scan(MatchPrefilter(pattern), in: buffer, counts: counts)
        let records = (try? CloudTrailFile.records(in: buffer)) ?? []
        #expect(records.map { scan.mayMatch($0.range, in: buffer) } == [false, true])
    }
}

@Test func occurrencesAnchoredOnAnyByteFindEveryOne() {
    let haystack = Array("xxGetSecretValueGetSecretValuexGetSecretValu".utf8)
    let needle = Array("GetSecretValue".utf8)
    haystack.withUnsafeBufferPointer { buffer in
        for anchor in needle.indices {
            #expect(MatchPrefilter.occurrences(of: needle, in: buffer, anchor: anchor) == [2, 16])
        }
    }
}

@Test func aGzipWhoseTrailerUnderstatesItsSizeIsInflatedWhole() throws {
    // Two members: the trailer read as a size hint is the small last member's; the first
    // inflates to far more than the hint and than 4 x the compressed size.
    let many = Array(repeating: read, count: 3000).joined(separator: ",")
    let two = try gzip(Array(#"{"Records":[\#(many),"#.utf8)) + (try gzip(Array("\(other)]}".utf8)))
    #expect(CloudTrailFile.declaredSize(two) < 64 * 1024)
    let result = BacktestFileResult.scan(two, name: "two.json.gz", index: 0, plan: try backtestPlan(), window: try BacktestWindow(from: nil, to: nil))
    #expect(result.outcome == .read)
    #expect(result.records == 3001)
    #expect(result.tallies[0].matchCount == 3000)
}
