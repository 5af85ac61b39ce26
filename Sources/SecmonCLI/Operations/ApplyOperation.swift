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
        let result = saved
            ? try await executor.apply(saved: plan, currentContext: session.context, progress: view.progress)
            : await executor.apply(plan, progress: view.progress)
        view.result(result, mode: plan.mode)
        return result.succeeded ? .success : .failure
    }
}

struct ApplyRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
