import AWSClient

/// Waits a given time. Injectable so tests never really wait.
public typealias Sleeper = @Sendable (Duration) async throws -> Void

/// A bounded retry for AWS's eventual consistency: a service that checks a policy or role made
/// seconds earlier (CloudTrail does) may reject it until the change has propagated.
struct EventualConsistencyRetry: Sendable {
    var maxWait: Duration
    var firstDelay: Duration = .seconds(1)
    var maxDelay: Duration = .seconds(10)
    var sleeper: Sleeper

    /// Runs `body`, retrying with exponential backoff while it fails with one of `codes`, until
    /// `maxWait` has been spent sleeping; then the last error is thrown.
    func run<T: Sendable>(retryingOn codes: Set<String>, _ body: () async throws -> T) async throws -> T {
        var waited: Duration = .zero
        var delay = firstDelay
        while true {
            do {
                return try await body()
            } catch let error as AWSError where error.kind == .service && codes.contains(error.code) && waited < maxWait {
                let pause = min(delay, maxWait - waited)
                try await sleeper(pause)
                waited += pause
                delay = min(delay * 2, maxDelay)
            }
        }
    }
}
