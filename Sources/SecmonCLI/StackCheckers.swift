import SecmonAlerts
import SecmonStack

/// Extra passes `secmon validate` (and every command that loads a stack) runs on a valid stack,
/// e.g. the alert lints. Add a checker here; it receives the `ValidatedStack` and returns
/// diagnostics (warnings for lints; `--strict` turns warnings into a failure).
public enum StackCheckers {
    public static let all: [StackChecker] = AlertStackChecks.all
}
