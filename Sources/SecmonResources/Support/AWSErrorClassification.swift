import AWSClient

extension AWSError {
    /// Whether the caller is not allowed the call (the codes differ between services).
    var isAccessDenied: Bool {
        kind == .service && ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"].contains(code)
    }

    /// A refusal for an optional call, which the caller replaces by others: access denied, or
    /// a 403 whose body names no code (as the local endpoint sends for IAM denials on JSON APIs).
    var refusesOptionalCall: Bool {
        isAccessDenied || (kind == .service && status == 403)
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
