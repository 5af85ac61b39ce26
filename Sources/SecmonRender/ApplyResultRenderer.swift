import SecmonApply
import SecmonPlan

/// Apply progress and results as text: exactly what was done, what failed and what was not
/// started, with the notes deletions left (e.g. when a secret will really be deleted).
public enum ApplyResultRenderer {
    /// One line per event, for the terminal while apply runs.
    public static func progressLine(_ event: ApplyEvent, style: Style = .plain) -> String {
        switch event {
        case .started(let step):
            return "\(step.address): \(present(step.operation)) \(target(step))..."
        case .finished(let step, .done(let note), let duration):
            let tail = note.map { " (\($0))" } ?? ""
            return "\(step.address): " + style.paint("\(past(step.operation)) \(target(step))", .green)
                + " in \(format(duration))\(tail)"
        case .finished(let step, .failed(let failure), let duration):
            return "\(step.address): " + style.paint("failed to \(step.operation.rawValue) \(target(step))", .red)
                + " after \(format(duration)): \(failure.message)"
        case .finished(let step, .skipped(let reason), _):
            return "\(step.address): not started: \(step.operation.rawValue) \(target(step))\(because(reason))"
        }
    }

    /// The summary after apply or destroy (`mode` picks the wording).
    public static func render(_ result: ApplyResult, mode: PlanMode = .apply, style: Style = .plain) -> String {
        var out: [String] = []
        let done = result.done
        func count(_ operations: Step.Operation...) -> Int { done.filter { operations.contains($0.step.operation) }.count }
        let adopted = count(.adopt)
        let released = count(.release) > 0 ? ", \(count(.release)) released" : ""
        let counts = (adopted > 0 ? "\(adopted) adopted, " : "")
            + "\(count(.create)) added, \(count(.update)) changed, \(count(.delete)) destroyed\(released)."
        let verb = mode == .destroy ? "Destroy" : "Apply"
        if result.succeeded, mode == .destroy {
            out.append(style.paint("Destroy complete! Resources: \(count(.delete)) destroyed\(released).", .green))
        } else if result.succeeded {
            out.append(style.paint("Apply complete! Resources: " + counts, .green))
        } else {
            let headline = switch result.stopReason {
            case .interrupted?: "\(verb) interrupted"
            case .concurrentApply?: "\(verb) stopped: another apply of this stack is running"
            case nil: "\(verb) failed"
            }
            out.append(style.paint("\(headline): \(result.failed.count) failed, \(done.count) done, "
                                   + "\(result.skipped.count) not started.", .red))
            out.append("")
            out.append("Done (resources: " + counts.dropLast() + "):")
            out += done.isEmpty ? ["  nothing"] : done.map { "  " + style.paint("✓", .green) + " \($0.step)" }
            out.append("Failed:")
            var failed: [String] = []
            for step in result.failed {
                if case .failed(let failure) = step.status {
                    failed.append("  " + style.paint("✗", .red) + " \(step.step): \(failure.message)")
                }
            }
            out += failed.isEmpty ? ["  nothing"] : failed
            out.append("Not started:")
            out += result.skipped.isEmpty ? ["  nothing"] : result.skipped.map { skipped in
                guard case .skipped(let reason) = skipped.status else { return "  - \(skipped.step)" }
                return "  - \(skipped.step)\(because(reason))"
            }
            out.append("")
            switch result.stopReason {
            case .concurrentApply?:
                out.append("Wait for the other apply to end, then run plan again to see what is left.")
            case .interrupted? where result.failed.isEmpty:
                out.append("Run \(verb.lowercased()) again to finish: it picks up from what is already done.")
            default:
                out.append("Fix the failure and run \(verb.lowercased()) again: it picks up from what is already done.")
            }
        }
        let notes: [String] = done.compactMap { step in
            if case .done(let note?) = step.status { return "  \(step.step.address): \(note)" }
            return nil
        }
        if !notes.isEmpty {
            out.append("")
            out.append("Notes:")
            out += notes
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// ` (because create topic alerts failed)`, or ` (stopped before its turn)`.
    private static func because(_ reason: SkipReason) -> String {
        switch reason {
        case .stopped: return " (stopped before its turn)"
        case .failedDependencies(let steps):
            let names = steps.map { "\($0.operation.rawValue) \($0.kind) \($0.address)" }
            return " (because \(names.joined(separator: " and ")) failed)"
        }
    }

    private static func target(_ step: Step) -> String {
        step.kind + (step.physicalID.map { " " + ValueText.quoted($0) } ?? "")
    }

    private static func present(_ operation: Step.Operation) -> String {
        switch operation {
        case .create: return "creating"
        case .update: return "updating"
        case .adopt: return "adopting"
        case .delete: return "destroying"
        case .release: return "releasing"
        }
    }

    private static func past(_ operation: Step.Operation) -> String {
        switch operation {
        case .create: return "created"
        case .update: return "updated"
        case .adopt: return "adopted"
        case .delete: return "destroyed"
        case .release: return "released"
        }
    }

    /// `0.4s`, `12.0s`, `2m05s`.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) + Double(attoseconds) / 1e18
        if total < 60 {
            let tenths = Int((total * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let whole = Int(total.rounded())
        let rest = whole % 60
        return "\(whole / 60)m\(rest < 10 ? "0" : "")\(rest)s"
    }
}
