import AWSClient
import SecmonPlan

extension AWSError: StepFailureDescribing {
    /// The AWS error as the executor records it: kind, code and the client's own retry verdict.
    public var stepFailure: StepFailure {
        StepFailure(kind: Self.stepKind(kind), code: code, retryable: RetryClassifier.classify(self) != .doNotRetry,
                    message: description)
    }

    static func stepKind(_ kind: Kind) -> StepFailure.Kind {
        switch kind {
        case .service, .decoding: return .service
        case .transport: return .transport
        case .validation: return .validation
        case .credentials, .configuration: return .configuration
        case .refused: return .refused
        }
    }
}

extension ResourceError: StepFailureDescribing {
    /// The underlying AWS error's kind, code and retryability, with the message naming the resource.
    public var stepFailure: StepFailure {
        guard let underlying else { return StepFailure(kind: .other, message: description) }
        var failure = underlying.stepFailure
        failure.message = description
        return failure
    }
}
