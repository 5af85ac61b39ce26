import Foundation

/// One hop reached: when, how long after the previous hop, and what was seen.
public struct HopRecord: Sendable, Hashable, Codable {
    public var hop: DrillHop
    public var at: Date
    /// Seconds since the previous hop was reached (0 for the trigger).
    public var latency: Double
    /// Seconds since the trigger was sent.
    public var sinceTrigger: Double
    public var detail: String
    /// False when the hop was not seen itself but a later hop proves it happened.
    public var observed: Bool
}

/// Something the drill reports as it goes: the live timeline.
public enum DrillEvent: Sendable, Hashable {
    case setUp(String)
    case reached(HopRecord)
    case cleanedUp(String)
    case cleanupFailed(String)
}

/// How a drill ended.
public struct DrillResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Every hop was reached.
        case completed
        /// The timeout passed; the chain stopped before `stoppedAt`.
        case timedOut(stoppedAt: DrillHop)
        /// Ctrl-C (task cancelled) before `stoppedAt` was reached.
        case interrupted(stoppedAt: DrillHop)
        /// Setting up or triggering failed.
        case failed(String)
    }

    /// How the real-time path fared.
    public enum RealTimeOutcome: Sendable, Hashable {
        /// The pipeline has no event rule.
        case none
        /// The rule's message arrived (`hop` is `.realTimeMessage`, its latency since the trigger).
        case delivered(rule: String, HopRecord)
        /// Not timed by this drill, and why.
        case notObservable(rule: String, why: String)
        /// Waited for and not seen: why (the timeout, Ctrl-C, or the drill could not run).
        case failed(rule: String, why: String)
    }

    public var trigger: DrillTriggerKind
    /// The alarm path's hops.
    public var timeline: [HopRecord]
    public var outcome: Outcome
    /// What could not be removed afterwards (empty when everything temporary is gone).
    public var cleanupProblems: [String]
    public var realTime: RealTimeOutcome

    public init(trigger: DrillTriggerKind, timeline: [HopRecord], outcome: Outcome, cleanupProblems: [String],
                realTime: RealTimeOutcome = .none) {
        self.trigger = trigger
        self.timeline = timeline
        self.outcome = outcome
        self.cleanupProblems = cleanupProblems
        self.realTime = realTime
    }

    /// The process exit code: 0 every path the drill could time delivered, 2 a path stopped,
    /// 1 the drill could not run (or left something behind).
    public var exitCode: Int32 {
        if !cleanupProblems.isEmpty { return 1 }
        switch outcome {
        case .completed:
            if case .failed = realTime { return 2 }
            return 0
        case .timedOut, .interrupted: return 2
        case .failed: return 1
        }
    }
}

/// Why a drill cannot start.
public struct DrillError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
