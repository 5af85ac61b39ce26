import Foundation
import SecmonAlerts

/// `secmon backtest` output: pure functions of the report.
public enum BacktestReportRenderer {
    public static func json(_ report: BacktestReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func text(_ report: BacktestReport) -> [String] {
        var lines: [String] = []
        let inputs = report.inputs
        if inputs.engine == "athena" {
            lines.append("Athena: \(count(inputs.records, "record")) in the window\(window(inputs))")
        } else {
            var files = "read \(count(inputs.filesRead, "file"))"
            if !inputs.filesSkipped.isEmpty { files += ", skipped \(inputs.filesSkipped.count)" }
            if !inputs.filesFailed.isEmpty { files += ", failed \(inputs.filesFailed.count)" }
            lines.append("\(files): \(count(inputs.records, "record")), \(inputs.recordsInWindow) in the window\(window(inputs))"
                + (inputs.recordsOutsideWindow > 0 ? ", \(inputs.recordsOutsideWindow) outside it" : "")
                + (inputs.untimedRecords > 0 ? ", \(inputs.untimedRecords) without a usable eventTime" : ""))
            if let first = inputs.firstRecord, let last = inputs.lastRecord { lines.append("  records from \(first) to \(last)") }
            for note in inputs.filesSkipped { lines.append("  skipped \(note.file): \(note.reason)") }
            for note in inputs.filesFailed { lines.append("  failed \(note.file): \(note.reason)") }
        }
        for alarm in report.alarms {
            lines.append("alarm \(alarm.alarm) (metric filter \(alarm.metricFilter), \(count(alarm.matchingEvents, "matching event"))): fired \(count(alarm.firings.count, "time"))")
            for firing in alarm.firings {
                let value = firing.value.map(number) ?? "missing data"
                lines.append("  ALARM at \(firing.alarmAt): \(firing.statistic) \(value) \(symbol(firing.comparison)) \(number(firing.threshold)) in \(firing.periodStart) to \(firing.periodEnd)")
                lines += firing.events.map { "    " + line($0) }
            }
            if let events = alarm.events {
                lines.append("  matching events:")
                lines += events.map { "    " + line($0) }
            }
            if !alarm.untimedMatches.isEmpty {
                lines.append("  matching records without a usable eventTime (in no period):")
                lines += alarm.untimedMatches.map { "    " + line($0) }
            }
            if alarm.eventsNotListed > 0, inputs.engine != "athena" {
                lines.append("  (\(alarm.eventsNotListed) more matching events not listed: the first \(BacktestTotals.eventLimit) are kept)")
            }
        }
        return lines
    }

    /// `2026-01-15T12:00:30Z  GetSecretValue  arn:...:user/alice  198.51.100.7  eventID 3f1c...  requestParameters.secretId=TopSecretInfo`
    public static func line(_ event: MatchedEvent) -> String {
        var parts = [event.time ?? "(no time)", event.eventName ?? "-", event.principal ?? "-", event.sourceIPAddress ?? "-",
                     "eventID " + (event.eventID ?? "-")]
        parts += event.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return parts.joined(separator: "  ")
    }

    static func window(_ inputs: BacktestReport.Inputs) -> String {
        switch (inputs.from, inputs.to) {
        case let (from?, to?): return " [\(from), \(to))"
        case let (from?, nil): return " (from \(from))"
        case let (nil, to?): return " (before \(to))"
        case (nil, nil): return ""
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func symbol(_ comparison: String) -> String {
        switch comparison {
        case "GreaterThanOrEqualToThreshold": return ">="
        case "GreaterThanThreshold": return ">"
        case "LessThanThreshold": return "<"
        default: return "<="
        }
    }
}
