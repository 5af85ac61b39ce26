import Foundation
@testable import SecmonAlerts
import Testing

/// A backtest plan of one filter and one alarm (default: the example stack's).
func backtestPlan(_ pattern: String = #"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "*TopSecretInfo*") }"#,
                  metricValue: String = "1", defaultValue: Double? = 0, alarm: AlarmDefinition? = nil) throws -> BacktestPlan {
    let metric = try MetricFilter(pattern: try FilterPattern(pattern), metricValue: metricValue, defaultValue: defaultValue)
    return BacktestPlan(filters: [BacktestPlan.Filter(id: "reads", metric: metric)],
                        alarms: [BacktestPlan.Alarm(id: "alarm", filterIndex: 0, definition: try alarm ?? AlarmDefinition())])
}

func scan(_ text: String, name: String = "file.json", plan: BacktestPlan? = nil, window: BacktestWindow? = nil,
          limit: Int = CloudTrailFile.defaultSizeLimit) throws -> BacktestFileResult {
    BacktestFileResult.scan(Array(text.utf8), name: name, index: 0, plan: try plan ?? backtestPlan(),
                            window: try window ?? BacktestWindow(from: nil, to: nil), sizeLimit: limit)
}

func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-c"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}

@Test func theFixtureLogFileFiresOnceWithItsPeriodValueAndEvents() throws {
    let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"))))
    let plan = try backtestPlan()
    let window = try BacktestWindow(from: nil, to: nil)
    let file = BacktestFileResult.scan(raw, name: "f.json.gz", index: 0, plan: plan, window: window)
    #expect(file.outcome == .read)
    #expect(file.records == 6)
    var totals = BacktestTotals(filterCount: 1)
    totals.merge(file)
    let report = BacktestReport(plan: plan, totals: totals, window: window, listEvents: false)
    let alarm = try #require(report.alarms.first)
    #expect(alarm.matchingEvents == 4)
    // Reads at 12:00:30, 12:03:10 and 12:04:55 (period 12:00-12:05); 12:09:12 in the next.
    #expect(alarm.firings.count == 1)
    let firing = try #require(alarm.firings.first)
    #expect(firing.alarmAt == "2026-01-15T12:05:00Z")
    #expect(firing.periodStart == "2026-01-15T12:00:00Z")
    #expect(firing.value == 3)
    #expect(firing.events.map(\.principal) == [
        "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/DeployRole/deploy-session",
        "arn:aws:iam::111122223333:user/alice",
    ])
    #expect(firing.events.first?.fields == ["requestParameters.secretId": "TopSecretInfo"])
    #expect(firing.events.first?.eventID != nil)
    #expect(firing.events.first?.sourceIPAddress != nil)
}

@Test func tenSecondBucketsRollUpIntoPeriods() throws {
    var records: [String] = []
    for (second, name) in [(5, "ERROR"), (15, "ok"), (65, "ERROR"), (125, "ERROR")] {
        records.append(#"{"eventTime":"2026-01-01T00:0\#(second / 60):\#(String(format: "%02d", second % 60))Z","eventName":"\#(name)"}"#)
    }
    let plan = try backtestPlan(#"{ $.eventName = "ERROR" }"#)
    var totals = BacktestTotals(filterCount: 1)
    totals.merge(try scan(#"{"Records":[\#(records.joined(separator: ","))]}"#, plan: plan))
    let minutes = totals.datapoints(filter: 0, period: 60)
    #expect(minutes.count == 3)
    #expect(minutes[Date(timeIntervalSince1970: 1_767_225_600)]?.sampleCount == 2)
    #expect(minutes[Date(timeIntervalSince1970: 1_767_225_600)]?.sum == 1)
    let fiveMinutes = totals.datapoints(filter: 0, period: 300)
    #expect(fiveMinutes.count == 1)
    #expect(fiveMinutes.values.first?.sum == 3)
}
