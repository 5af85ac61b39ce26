import Foundation
import SecmonAlerts
import SecmonDoctor

/// who-read's report: a table for people, JSON for tools.
public enum WhoReadRendering {
    public static func text(_ report: WhoRead.Report) -> String {
        let window = "\(stamp(report.since)) to \(stamp(report.until))"
        var out = "reads of secret \(report.secret) (\(report.arn)), \(window), from \(report.source)\n"
        for note in report.notes { out += "note: \(note)\n" }
        guard !report.reads.isEmpty else { return out + "no reads\n" }
        let header = ["TIME", "PRINCIPAL", "SOURCE IP", "USER AGENT", "OPERATION", "ID FORM", "ERROR"]
        let rows = report.reads.map { read in
            [read.time, read.principal + (read.invokedBy.map { " via \($0)" } ?? ""),
             read.sourceIPAddress ?? "-", read.userAgent.map { truncated($0, 40) } ?? "-",
             read.operation, read.idForm.rawValue, read.errorCode ?? "-"]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        out += line(header)
        for row in rows { out += line(row) }
        let people = Set(report.reads.map(\.principal)).count
        out += "\(report.reads.count) read\(report.reads.count == 1 ? "" : "s") by \(people) principal\(people == 1 ? "" : "s")\n"
        return out
    }

    public static func json(_ report: WhoRead.Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(report) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func stamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func truncated(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
