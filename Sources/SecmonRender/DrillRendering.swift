import Foundation
import SecmonDoctor

/// Text for the drill's live timeline and its ending. Pure functions.
public enum DrillRendering {
    /// One line per event, printed as it happens.
    public static func line(_ event: DrillEvent) -> String {
        switch event {
        case .setUp(let text): return "  setup    \(text)"
        case .reached(let r):
            let mark = r.observed ? "" : " (implied)"
            let hop = (r.hop.rawValue + mark).padding(toLength: 34, withPad: " ", startingAt: 0)
            return "  \(clock(r.sinceTrigger))  \(hop) +\(duration(r.latency))  \(r.detail)"
        case .cleanedUp(let text): return "  cleanup  \(text)"
        case .cleanupFailed(let text): return "  cleanup  FAILED: \(text)"
        }
    }

    /// The closing lines: total latency, or where the chain stopped.
    public static func summary(_ result: DrillResult, timeout: Double) -> String {
        var out: String
        switch result.outcome {
        case .completed:
            let total = result.timeline.last?.sinceTrigger ?? 0
            out = "drill from \(result.trigger.rawValue): notification delivered \(duration(total)) after the trigger"
        case .timedOut(let hop):
            out = "drill from \(result.trigger.rawValue): stopped before \"\(hop.rawValue)\": not reached within \(duration(timeout))"
        case .interrupted(let hop):
            out = "drill from \(result.trigger.rawValue): interrupted while waiting for \"\(hop.rawValue)\""
        case .failed(let message):
            out = "drill from \(result.trigger.rawValue) could not run: \(message)"
        }
        if let realTime = realTimeSummary(result) { out += "\n" + realTime }
        if !result.cleanupProblems.isEmpty {
            out += "\nleft behind (remove by hand): " + result.cleanupProblems.joined(separator: "; ")
        }
        return out
    }

    /// The real-time path's closing line (timed, not observable and why, or failed and why);
    /// nil when the pipeline has no event rule.
    public static func realTimeSummary(_ result: DrillResult) -> String? {
        switch result.realTime {
        case .none:
            return nil
        case .delivered(let rule, let record):
            return "real-time path (rule \(rule) -> topic): message delivered \(duration(record.sinceTrigger)) after the trigger"
        case .notObservable(let rule, let why):
            return "real-time path (rule \(rule)): not observable: \(why)"
        case .failed(let rule, let why):
            return "real-time path (rule \(rule) -> topic): FAILED: \(why)"
        }
    }

    /// "+m:ss" since the trigger.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.down))
        let m = s / 60, r = s % 60
        return "+\(m):\(r < 10 ? "0" : "")\(r)"
    }

    /// "45s", "3m20s", "1h02m".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3_600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3_600)h\(String(format: "%02d", (s % 3_600) / 60))m"
    }
}
