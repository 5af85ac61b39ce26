import Foundation

/// Keeps the last credentials and fetches new ones shortly before they expire, so a long apply
/// or drill never signs with expired keys. Concurrent callers share one fetch.
actor CredentialCache {
    /// Refresh this long before expiry (the SDKs use 5 to 15 minutes).
    static let refreshWindow: TimeInterval = 5 * 60

    private var current: SourcedCredentials?
    private var inFlight: Task<SourcedCredentials, any Error>?

    func credentials(now: Date, fetch: @escaping @Sendable () async throws -> SourcedCredentials) async throws
        -> SourcedCredentials
    {
        if let current, !Self.needsRefresh(current, now: now) { return current }
        let task: Task<SourcedCredentials, any Error>
        if let inFlight {
            task = inFlight
        } else {
            task = Task { try await fetch() }
            inFlight = task
        }
        do {
            let fresh = try await task.value
            if inFlight == task { inFlight = nil }
            current = fresh
            return fresh
        } catch {
            if inFlight == task { inFlight = nil }
            // Keys still valid for a while are better than failing a request on a refresh hiccup.
            if let current, let expiration = current.expiration, expiration > now { return current }
            throw error
        }
    }

    static func needsRefresh(_ credentials: SourcedCredentials, now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now) <= refreshWindow
    }
}
