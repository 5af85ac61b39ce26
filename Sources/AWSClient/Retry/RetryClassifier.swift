/// Which failures are worth another attempt, per the SDKs' standard mode.
public enum RetryClassifier {
    /// Error codes AWS uses when it throttles a caller.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Error codes of transient service-side failures.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
        "InternalError", "InternalFailure", "ServiceUnavailable",
    ]
    public static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    public enum Verdict: Sendable, Hashable {
        case doNotRetry
        case retry
        /// Timeouts cost the retry quota more, as in the SDKs.
        case retryAfterTimeout
    }

    public static func classify(_ error: AWSError) -> Verdict {
        switch error.kind {
        case .transport:
            switch error.code {
            case HTTPTransportError.Reason.timedOut.code: return .retryAfterTimeout
            // A cancelled call was meant to stop; a certificate problem won't fix itself.
            case HTTPTransportError.Reason.cancelled.code, HTTPTransportError.Reason.tls.code: return .doNotRetry
            default: return .retry
            }
        case .service, .decoding:
            if throttlingCodes.contains(error.code) || transientCodes.contains(error.code) { return .retry }
            if let status = error.status, transientStatuses.contains(status) { return .retry }
            return .doNotRetry
        case .validation, .credentials, .configuration, .refused:
            return .doNotRetry
        }
    }
}
