import Foundation
import SecmonDoctor

/// Text and JSON forms of a checklist. Pure functions: same checklist, same bytes.
public enum ChecklistRendering {
    /// The human form: one block per link (status, title and id; evidence; fix), then a summary.
    public static func text(_ checklist: Checklist) -> String {
        var out = "secmon doctor: \(checklist.subject)\n"
        for note in checklist.notes { out += "note: \(note)\n" }
        out += "\n"
        let indent = String(repeating: " ", count: 11)
        for check in checklist.checks {
            out += "  " + label(check.status).padding(toLength: 9, withPad: " ", startingAt: 0)
            out += "\(check.title) [\(check.id)]\n"
            out += indent + check.evidence + "\n"
            if let fix = check.fix, check.status != .ok {
                out += indent + "fix: " + fix + "\n"
            }
        }
        out += "\n" + summary(checklist) + "\n"
        return out
    }

    /// "12 ok, 1 warn, 1 fail, 2 unknown: ..." with what the exit code means.
    public static func summary(_ checklist: Checklist) -> String {
        let counts = LinkStatus.allCases.filter { $0 != .notChecked || checklist.count($0) > 0 }
            .map { "\(checklist.count($0)) \($0.rawValue.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
        let verdict: String
        switch checklist.exitCode {
        case 0: verdict = "every link is ok"
        case 2: verdict = "the pipeline is broken"
        default: verdict = "nothing failed, but the pipeline is not proven"
        }
        return "\(counts): \(verdict)"
    }

    /// The machine form, for CI: stable keys, sorted, with the exit code included.
    public static func json(_ checklist: Checklist) -> String {
        let document = JSONDocument(
            subject: checklist.subject, notes: checklist.notes, checks: checklist.checks,
            summary: Dictionary(uniqueKeysWithValues: LinkStatus.allCases.map { ($0.rawValue, checklist.count($0)) }),
            exitCode: checklist.exitCode)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, ints and dictionaries of them cannot fail; the fallback keeps
        // this function total without a force-try.
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }

    private static func label(_ status: LinkStatus) -> String {
        switch status {
        case .ok: return "ok"
        case .warn: return "WARN"
        case .fail: return "FAIL"
        case .unknown: return "unknown"
        case .notChecked: return "skipped"
        }
    }

    private struct JSONDocument: Encodable {
        var subject: String
        var notes: [String]
        var checks: [LinkCheck]
        var summary: [String: Int]
        var exitCode: Int32
    }
}
