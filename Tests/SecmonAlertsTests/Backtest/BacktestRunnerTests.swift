import Foundation
@testable import SecmonAlerts
import TestSupport
import Testing

/// A corpus of CloudTrail files whose times interleave: file k holds records k, k+n, k+2n, ...
/// so files arrive out of time order, and metric values that are not integers (sums depend on
/// the order of additions).
private func interleavedCorpus(files: Int, recordsPerFile: Int) -> [BacktestInput] {
    var rng = SeededGenerator(seed: 7)
    return (0..<files).map { k in
        var records: [String] = []
        for r in 0..<recordsPerFile {
            let second = (r * files + (files - 1 - k)) * 7
            let time = Date(timeIntervalSince1970: 1_768_435_200 + Double(second))
            let read = rng.next() % 5 == 0
            let value = Double(rng.next() % 1000) / 7
            records.append(#"{"eventTime":"\#(BacktestReport.timestamp(time))","eventSource":"\#(read ? "secretsmanager" : "ec2").amazonaws.com","eventName":"\#(read ? "GetSecretValue" : "DescribeInstances")","eventID":"f\#(k)r\#(r)","bytes":\#(value),"requestParameters":{"secretId":"TopSecretInfo"}}"#)
        }
        if k == 2 { records.append(#"{"eventName":"GetSecretValue","eventSource":"secretsmanager.amazonaws.com","bytes":1,"requestParameters":{"secretId":"TopSecretInfo"}}"#) }
        let bytes = Array(#"{"Records":[\#(records.joined(separator: ","))]}"#.utf8)
        return BacktestInput(name: "file-\(k).json") { bytes }
    }
}

@Test func parallelEqualsSerialByteForByte() async throws {
    let inputs = interleavedCorpus(files: 12, recordsPerFile: 300)
    let plan = try backtestPlan(#"{ $.eventName = "GetSecretValue" }"#, metricValue: "$.bytes",
                                alarm: try AlarmDefinition(statistic: .average, period: 60, threshold: 70))
    let window = try BacktestWindow(from: nil, to: nil)
    var outputs: Set<BacktestReport> = []
    for jobs in [1, 2, 3, 8] {
        let totals = try await BacktestRunner.run(inputs, plan: plan, window: window, options: .init(jobs: jobs))
        let report = BacktestReport(plan: plan, totals: totals, window: window, listEvents: true)
        #expect(report.alarms[0].events?.count == report.alarms[0].matchingEvents - 1)
        #expect(report.alarms[0].untimedMatches.count == 1)
        outputs.insert(report)
    }
    #expect(outputs.count == 1)
    // Events are listed in time order although the files interleave.
    let totals = try await BacktestRunner.run(inputs, plan: plan, window: window, options: .init(jobs: 2))
    let times = BacktestReport(plan: plan, totals: totals, window: window, listEvents: true).alarms[0].events?.compactMap(\.time) ?? []
    #expect(times == times.sorted())
    #expect(times.count > 100)
}

@Test func theFirstBadFileStopsTheRunUnlessKeepGoing() async throws {
    let plan = try backtestPlan()
    let window = try BacktestWindow(from: nil, to: nil)
    let good = Array(#"{"Records":[{"eventTime":"2026-01-15T12:00:30Z","eventName":"X"}]}"#.utf8)
    let inputs = [
        BacktestInput(name: "a.json") { good },
        BacktestInput(name: "b.json.gz") { [0x1F, 0x8B, 0x08, 0x00, 1, 2, 3] },
        BacktestInput(name: "c.json") { throw BacktestError("permission denied") },
        BacktestInput(name: "d.json") { [] },
        BacktestInput(name: "e.json") { good },
    ]
    await #expect(throws: BacktestError("b.json.gz: the gzip data is truncated (--keep-going reports such files and reads the rest)")) {
        try await BacktestRunner.run(inputs, plan: plan, window: window, options: .init(jobs: 2))
    }
    let totals = try await BacktestRunner.run(inputs, plan: plan, window: window, options: .init(jobs: 2, keepGoing: true))
    #expect(totals.filesRead == 2)
    #expect(totals.failed == [.init(file: "b.json.gz", reason: "the gzip data is truncated"), .init(file: "c.json", reason: "permission denied")])
    #expect(totals.skipped == [.init(file: "d.json", reason: "empty file")])
    #expect(totals.records == 2)
    // A file named on its own that is not CloudTrail is an error, not a skip.
    await #expect(throws: BacktestError("d.json: empty file")) {
        try await BacktestRunner.run([BacktestInput(name: "d.json", explicit: true) { [] }], plan: plan, window: window, options: .init())
    }
}
