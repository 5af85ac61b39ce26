import ArgumentParser
import Foundation
import SecmonApply
import SecmonPlan

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
        view.plan(plan)
        guard plan.hasChanges else { return .success }
        if approval == .ask {
            guard io.inputIsTerminal else {
                throw ApplyRefusal("not applying without confirmation: run in a terminal to answer 'yes', or pass --auto-approve, "
                                   + "or save a plan with `secmon plan --out FILE` and apply that file")
            }
            guard view.confirm(plan) else {
                view.declined()
                return .failure
            }
        }
        view.starting()
        let executor = Executor(drivers: session.drivers, options: ExecutorOptions(parallelism: parallelism))
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
        let result = saved
            ? try await executor.apply(saved: plan, currentContext: try await session.context(), stop: stop, progress: view.progress)
            : await executor.apply(plan, stop: stop, progress: view.progress)
        view.result(result, mode: plan.mode)
        if result.stopReason == .interrupted { return .interrupted }
        return result.succeeded ? .success : .failure
    }
}

struct ApplyRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
