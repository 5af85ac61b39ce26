/// The AWS SDKs' "standard" retry mode: up to `maxAttempts` tries; before retry `n` (1-based)
/// wait `random(0, 1) * min(2^(n-1) s, 20 s)`, i.e. exponential backoff with full jitter capped
/// at 20 seconds; a shared retry quota stops retry storms when a service is down.
public struct RetryPolicy: Sendable {
    public static let standardMaxAttempts = 3
    public static let standardMaxBackoff: Duration = .seconds(20)

    /// Tries in total, the first one included (1 = never retry).
    public var maxAttempts: Int
    public var maxBackoff: Duration
    /// Waits between attempts; injected so tests don't sleep.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Uniform in [0, 1); injected so tests can pin the jitter.
    public var random: @Sendable () -> Double
    /// Shared by every request of a client, as in the SDKs.
    public var quota: RetryQuota

    public init(maxAttempts: Int = RetryPolicy.standardMaxAttempts,
                maxBackoff: Duration = RetryPolicy.standardMaxBackoff,
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                quota: RetryQuota = RetryQuota()) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxBackoff = maxBackoff
        self.sleep = sleep
        self.random = random
        self.quota = quota
    }

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(Duration.seconds(1 << exponent), maxBackoff)
        return ceiling * min(max(random(), 0), 1)
    }
}
