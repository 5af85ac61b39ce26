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

    /// Several chains (a stack watching several secrets): each one's text in turn, then one
    /// line per chain's verdict. One checklist renders as `text(_:)` alone.
    public static func text(_ checklists: [Checklist]) -> String {
        guard checklists.count != 1, !checklists.isEmpty else { return checklists.map(text).joined() }
        return checklists.map(text).joined(separator: "\n") + "\n\(checklists.count) chains checked apart:\n"
            + checklists.map { "  \($0.subject): \(summary($0))\n" }.joined()
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
    public static func json(_ checklist: Checklist) -> String { encode(JSONDocument(checklist)) }

    /// Several chains: `{"chains": [one document per chain], "exitCode": N}` (N: 2 when any
    /// chain fails, else 3 when any is not proven, else 0). One checklist renders as `json(_:)`.
    public static func json(_ checklists: [Checklist]) -> String {
        guard checklists.count != 1, !checklists.isEmpty else { return checklists.map(json).joined() }
        return encode(ChainsDocument(chains: checklists.map(JSONDocument.init), exitCode: Checklist.exitCode(of: checklists)))
    }

    /// Doctor over a stack's `targets:`: each target's chains under `=== Target: ... ===`, as
    /// plan groups its output, then one line counting the targets by verdict.
    public static func text(_ targets: [TargetChecklist]) -> String {
        var out = ""
        for target in targets {
            out += TargetPlans.heading(target.label) + "\n" + text(target.checklists) + "\n"
        }
        let broken = targets.filter { $0.exitCode == 2 }.count
        let unproven = targets.filter { $0.exitCode == 3 }.count
        out += "\(targets.count) targets: \(targets.count - broken - unproven) every link ok, \(broken) broken, "
            + "\(unproven) not proven\n"
        return out
    }

    /// The machine form over targets: `{"targets": [{"account", "region", "chains": [one
    /// document per chain], "exitCode"}], "exitCode"}`, each exit code the worst below it.
    public static func json(_ targets: [TargetChecklist]) -> String {
        encode(TargetsDocument(targets: targets.map { target in
            TargetDocument(account: target.account, region: target.region, chains: target.checklists.map(JSONDocument.init),
                           exitCode: target.exitCode)
        }, exitCode: TargetChecklist.exitCode(targets)))
    }

    private static func encode(_ document: some Encodable) -> String {
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

        init(_ checklist: Checklist) {
            subject = checklist.subject
            notes = checklist.notes
            checks = checklist.checks
            summary = Dictionary(uniqueKeysWithValues: LinkStatus.allCases.map { ($0.rawValue, checklist.count($0)) })
            exitCode = checklist.exitCode
        }
    }

    private struct ChainsDocument: Encodable {
        var chains: [JSONDocument]
        var exitCode: Int32
    }

    private struct TargetsDocument: Encodable {
        var targets: [TargetDocument]
        var exitCode: Int32
    }

    private struct TargetDocument: Encodable {
        var account: String
        var region: String
        var chains: [JSONDocument]
        var exitCode: Int32
    }
}

/// One target's checklists, one per chain (doctor over a stack's `targets:`).
public struct TargetChecklist: Sendable {
    public var account: String
    public var region: String
    public var checklists: [Checklist]
    public init(account: String, region: String, checklists: [Checklist]) {
        (self.account, self.region, self.checklists) = (account, region, checklists)
    }

    public var label: String { TargetPlans.label(account: account, region: region) }
    /// The worst of its chains'.
    public var exitCode: Int32 { Checklist.exitCode(of: checklists) }

    /// The worst over every target's chains.
    public static func exitCode(_ targets: [TargetChecklist]) -> Int32 {
        Checklist.exitCode(of: targets.flatMap(\.checklists))
    }
}
