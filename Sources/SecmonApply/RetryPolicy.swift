/// A bounded retry for steps that fail on something transient. Drivers already wait out the
/// eventual consistency they know about; this is a generic last resort, off by default.
public struct RetryPolicy: Sendable {
    /// Attempts in all (1 = no retry).
    public var maxAttempts: Int
    /// Pause before each new attempt.
    public var delay: Duration
    /// Whether an error is worth another attempt.
    public var isRetryable: @Sendable (any Error) -> Bool

    public init(maxAttempts: Int, delay: Duration, isRetryable: @escaping @Sendable (any Error) -> Bool) {
        self.maxAttempts = max(1, maxAttempts)
        self.delay = delay
        self.isRetryable = isRetryable
    }

    public static let none = RetryPolicy(maxAttempts: 1, delay: .zero) { _ in false }

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch {
                guard attempt < maxAttempts, isRetryable(error) else { throw error }
                attempt += 1
                if delay > .zero { try await Task.sleep(for: delay) }
            }
        }
    }
}
