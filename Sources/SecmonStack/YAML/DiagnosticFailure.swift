import SecmonCore

/// A single fatal diagnostic as an `Error`, for `Result` (SecmonCore's Diagnostic is plain data).
public struct DiagnosticFailure: Error, Sendable, Hashable {
    public var diagnostic: Diagnostic
    public init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
