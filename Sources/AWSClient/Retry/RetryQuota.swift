import Foundation

/// The standard mode's retry token bucket: a retry costs 5 tokens (10 after a timeout), a
/// successful retried request gives its cost back, any other success adds 1, up to 500. When
/// the bucket is empty, failures are returned at once instead of retried.
public final class RetryQuota: @unchecked Sendable {
    public static let capacity = 500
    public static let retryCost = 5
    public static let timeoutRetryCost = 10

    // Guarded by `lock`: a few integer updates per request, never held across an await.
    private let lock = NSLock()
    private var available: Int

    public init(initial: Int = RetryQuota.capacity) {
        available = min(initial, Self.capacity)
    }

    public var tokens: Int { lock.withLock { available } }

    /// Takes the cost of one retry; nil when the bucket can't pay for it.
    func acquire(afterTimeout: Bool) -> Int? {
        let cost = afterTimeout ? Self.timeoutRetryCost : Self.retryCost
        return lock.withLock {
            guard available >= cost else { return nil }
            available -= cost
            return cost
        }
    }

    /// Called when a request succeeds; `spent` is what its retries cost (0 if none).
    func recordSuccess(spent: Int) {
        lock.withLock { available = min(Self.capacity, available + (spent > 0 ? spent : 1)) }
    }
}
