import AWSClient

extension AWSError {
    /// Whether the caller is not allowed the call (the codes differ between services).
    var isAccessDenied: Bool {
        kind == .service && ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"].contains(code)
    }
}

/// Calls `body`; a not-found answer becomes nil.
func nilIfNotFound<T: Sendable>(_ body: () async throws -> T) async throws -> T? {
    do {
        return try await body()
    } catch let error as AWSError where error.isNotFound {
        return nil
    }
}
