import AWSClient

/// Calls `body`; a not-found answer becomes nil.
func nilIfNotFound<T: Sendable>(_ body: () async throws -> T) async throws -> T? {
    do {
        return try await body()
    } catch let error as AWSError where error.isNotFound {
        return nil
    }
}
