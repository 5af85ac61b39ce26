import ArgumentParser
import Foundation
import SecmonApply
import SecmonPlan
import SecmonRender

/// Apply and destroy after the plan is made: show it, get approval, execute, report.
struct ApplyOperation {
    enum Approval {
        /// Ask for `yes` on a terminal; refuse without one.
        case ask
        /// `--auto-approve`, or a saved plan (its review was the approval).
        case given
    }

    var approval: Approval
    var parallelism: Int

    /// - Parameter saved: the plan came from a file, so it is first checked against the account.
    func run(_ plan: Plan, session: Session, saved: Bool, view: ApplyView, io: CommandIO) async throws -> CommandStatus {
        try await run([(plan, session)], saved: saved, view: view, io: io)
    }

    /// Several targets' plans (a stack's `targets:`): shown grouped by target, approved once,
    /// executed all at once, each reported under its target.
    func run(_ targets: [(plan: Plan, session: Session)], saved: Bool, view: ApplyView, io: CommandIO) async throws
        -> CommandStatus
    {
        let plans = targets.map(\.plan)
        view.plan(plans)
        guard let first = plans.first(where: \.hasChanges) else { return .success }
        if approval == .ask {
            guard io.inputIsTerminal else {
                throw ApplyRefusal("not applying without confirmation: run in a terminal to answer 'yes', or pass --auto-approve, "
                                   + "or save a plan with `secmon plan --out FILE` and apply that file")
            }
            guard view.confirm(first) else {
                view.declined()
                return .failure
            }
        }
        // A saved plan: every part is checked against its account before any is applied, so
        // a stale part stops the whole plan with nothing written.
        if saved { try await PlanFreshnessCheck.require(targets, io: io) }
        view.starting()
        // Ctrl-C: the first starts nothing new and lets the requests in flight land, so the
        // summary is true; the second quits at once.
        let stop = StopRequest()
        let interrupt = InterruptHandler(
            onInterrupt: {
                stop.request(.interrupted)
                io.err("interrupted: starting nothing new, waiting for the steps running (Ctrl-C again to quit at once)")
            },
            onSecondInterrupt: { Foundation.exit(CommandStatus.interrupted.code) })
        defer { interrupt.stop() }
        let labelled = targets.count > 1
        let results = await withTaskGroup(of: (Int, ApplyResult).self) { group in
            for (index, target) in targets.enumerated() where target.plan.hasChanges {
                let label: String? = labelled ? TargetPlans.label(target.plan.context) : nil
                group.addTask {
                    (index, await execute(target.plan, session: target.session, stop: stop) { event in
                        if let label { view.progress(event, target: label) } else { view.progress(event) }
                    })
                }
            }
            var out: [(Int, ApplyResult)] = []
            for await result in group { out.append(result) }
            return out.sorted { $0.0 < $1.0 }
        }
        for (index, result) in results {
            let plan = targets[index].plan
            view.result(result, mode: plan.mode, target: labelled ? TargetPlans.label(plan.context) : nil)
        }
        if results.contains(where: { $0.1.stopReason == StopReason.interrupted }) { return .interrupted }
        return results.allSatisfy { $0.1.succeeded } ? .success : .failure
    }
}

extension ApplyOperation {
    /// One target's plan, executed.
    func execute(_ plan: Plan, session: Session, stop: StopRequest,
                 progress: @escaping @Sendable (ApplyEvent) -> Void) async -> ApplyResult {
        let executor = Executor(drivers: session.drivers, options: ExecutorOptions(parallelism: parallelism))
        return await executor.apply(plan, stop: stop, progress: progress)
    }
}

/// Checks every part of a saved plan against its account, all at once. One part: its refusal
/// as it is; several: each stale part's refusal under its target, then one error.
enum PlanFreshnessCheck {
    static func require(_ targets: [(plan: Plan, session: Session)], io: CommandIO) async throws {
        let failures = await withTaskGroup(of: (Int, (any Error)?).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask {
                    do {
                        try await PlanFreshness.check(target.plan, drivers: target.session.drivers,
                                                      currentContext: try await target.session.context())
                        return (index, nil)
                    } catch {
                        return (index, error)
                    }
                }
            }
            var out: [(Int, any Error)] = []
            for await (index, error) in group { if let error { out.append((index, error)) } }
            return out.sorted { $0.0 < $1.0 }
        }
        guard let first = failures.first else { return }
        if targets.count == 1 { throw first.1 }
        for (index, error) in failures {
            io.err("error: target \(TargetPlans.label(targets[index].plan.context)): \(error)")
        }
        throw ApplyRefusal("\(failures.count) of \(targets.count) targets' plans are out of date; nothing was applied: run plan --out again")
    }
}

struct ApplyRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
