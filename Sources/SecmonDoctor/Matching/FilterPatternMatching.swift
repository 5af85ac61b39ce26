/// Evaluates a CloudWatch Logs filter pattern against one log event, offline. SecmonAlerts'
/// evaluator is the real one; doctor only needs this much of it.
public protocol FilterPatternMatching: Sendable {
    /// Whether `pattern` matches the log event `message`. Throws when the pattern is invalid
    /// (the error's description is shown as evidence).
    func matches(pattern: String, message: String) throws -> Bool
}
