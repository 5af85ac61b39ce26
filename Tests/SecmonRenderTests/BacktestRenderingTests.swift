import Foundation
import SecmonAlerts
import SecmonRender
import Testing

/// `secmon backtest`'s text and JSON, from one report.
struct BacktestRenderingTests {
    static let event = #"{"time": "2026-01-15T12:00:30Z", "eventID": "e-1", "eventName": "GetSecretValue", "principal": "arn:aws:iam::111122223333:user/alice", "sourceIPAddress": "198.51.100.7", "fields": {"requestParameters.secretId": "TopSecretInfo"}}"#
    static let untimed = #"{"eventName": "GetSecretValue", "fields": {}}"#
    static let report = """
        {"inputs": {"engine": "files", "filesRead": 3, "filesSkipped": [{"file": "a.txt", "reason": "not CloudTrail"}],
                    "filesFailed": [{"file": "b.json.gz", "reason": "truncated"}], "records": 9, "recordsInWindow": 6,
                    "recordsOutsideWindow": 2, "untimedRecords": 1, "from": "2026-01-15T12:00:00Z",
                    "firstRecord": "2026-01-15T11:00:00Z", "lastRecord": "2026-01-15T13:00:00Z"},
         "alarms": [{"alarm": "secret_read_alarm", "metricFilter": "secret_reads", "pattern": "{ $.eventName = GetSecretValue }",
                     "matchingEvents": 12, "eventsNotListed": 9, "events": [\(event)], "untimedMatches": [\(untimed)],
                     "firings": [{"alarmAt": "2026-01-15T12:05:00Z", "periodStart": "2026-01-15T12:00:00Z", "periodEnd": "2026-01-15T12:05:00Z",
                                  "statistic": "Average", "value": 0.5, "threshold": 0.25, "comparison": "GreaterThanThreshold",
                                  "events": [\(event)]},
                                 {"alarmAt": "2026-01-15T12:10:00Z", "periodStart": "2026-01-15T12:05:00Z", "periodEnd": "2026-01-15T12:10:00Z",
                                  "statistic": "Sum", "threshold": 1, "comparison": "GreaterThanOrEqualToThreshold", "events": []}]}]}
        """

    @Test func text() throws {
        let report = try JSONDecoder().decode(BacktestReport.self, from: Data(Self.report.utf8))
        let read = "2026-01-15T12:00:30Z  GetSecretValue  arn:aws:iam::111122223333:user/alice  198.51.100.7  eventID e-1  requestParameters.secretId=TopSecretInfo"
        #expect(BacktestReportRenderer.text(report) == [
            "read 3 files, skipped 1, failed 1: 9 records, 6 in the window (from 2026-01-15T12:00:00Z), 2 outside it, 1 without a usable eventTime",
            "  records from 2026-01-15T11:00:00Z to 2026-01-15T13:00:00Z",
            "  skipped a.txt: not CloudTrail",
            "  failed b.json.gz: truncated",
            "alarm secret_read_alarm (metric filter secret_reads, 12 matching events): fired 2 times",
            "  ALARM at 2026-01-15T12:05:00Z: Average 0.5 > 0.25 in 2026-01-15T12:00:00Z to 2026-01-15T12:05:00Z",
            "    " + read,
            "  ALARM at 2026-01-15T12:10:00Z: Sum missing data >= 1 in 2026-01-15T12:05:00Z to 2026-01-15T12:10:00Z",
            "  matching events:",
            "    " + read,
            "  matching records without a usable eventTime (in no period):",
            "    (no time)  GetSecretValue  -  -  eventID -",
            "  (9 more matching events not listed: the first 10000 are kept)",
        ])
    }

    @Test func athenaInputsAndWindows() throws {
        var report = try JSONDecoder().decode(BacktestReport.self, from: Data(Self.report.utf8))
        report.inputs = .athena(records: 5, untimed: 0, window: try BacktestWindow(from: nil, to: Date(timeIntervalSince1970: 1_768_478_400)),
                                first: nil, last: nil)
        let lines = BacktestReportRenderer.text(report)
        #expect(lines.first == "Athena: 5 records in the window (before 2026-01-15T12:00:00Z)")
        #expect(!lines.contains { $0.contains("more matching events not listed") })
    }

    @Test func jsonIsTheReport() throws {
        let report = try JSONDecoder().decode(BacktestReport.self, from: Data(Self.report.utf8))
        let json = BacktestReportRenderer.json(report)
        #expect(try JSONDecoder().decode(BacktestReport.self, from: Data(json.utf8)) == report)
        #expect(json.hasPrefix("{\n  \"alarms\" : [\n"))
    }
}
