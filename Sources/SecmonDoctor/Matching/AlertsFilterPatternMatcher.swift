import SecmonAlerts

/// Doctor's filter matching through SecmonAlerts' evaluator (the same one `secmon test` uses).
public struct AlertsFilterPatternMatcher: FilterPatternMatching {
    public init() {}

    public func matches(pattern: String, message: String) throws -> Bool {
        try FilterPattern(pattern).matches(message)
    }
}
