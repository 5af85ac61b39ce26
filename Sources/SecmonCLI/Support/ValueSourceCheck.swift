import SecmonCore
import SecmonPlan
import SecmonResources
import SecmonStack

/// Before the first write: every value the plan will write (a secret's, read from an
/// environment variable or a file) must be readable and acceptable to AWS, so an apply can
/// never stop halfway on a missing variable. Located at the stack's `value:` line.
enum ValueSourceCheck {
    /// One error per value the plan writes that cannot be read or is too big.
    static func diagnostics(_ plan: Plan, stack: ValidatedStack?, values: SecretValueSource) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for action in plan.actions {
            for property in action.writtenValues {
                guard let source = action.properties[property], let problem = values.problem(with: source) else { continue }
                let location = stack?.resource(action.address)?.properties[property]?.keyLocation
                out.append(Diagnostic(.error, "\(action.address).\(property): \(problem); the plan writes this value, "
                                      + "so nothing is done until it can be read", at: location))
            }
        }
        return out
    }

    /// Shows the problems and fails (exit 1) when there are any.
    static func require(_ plan: Plan, session: Session, io: CommandIO) throws {
        let problems = diagnostics(plan, stack: session.stack, values: session.secretValues)
        guard !problems.isEmpty else { return }
        DiagnosticLines.show(problems, on: io)
        throw AlreadyReported()
    }
}
