/// Why one step of an apply failed, as data: the error's kind, its code, whether trying again
/// may help, and the sentence for people. The executor keeps this instead of flattening the
/// error to text, so the summary, a JSON report or a retry decision can look at it.
public struct StepFailure: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// AWS answered with an error.
        case service
        /// No usable answer (connection, timeout).
        case transport
        /// The request broke the API's constraints; nothing was sent.
        case validation
        /// Credentials, region or endpoint unusable.
        case configuration
        /// secmon refused on principle.
        case refused
        /// Something changed under the plan (another apply, a resource made by someone else).
        case conflict
        /// The plan itself cannot be carried out (no driver, a reference still unknown).
        case plan
        /// Anything else.
        case other
    }

    public var kind: Kind
    /// The AWS error code (e.g. `ResourceExistsException`) or secmon's own; nil when there is none.
    public var code: String?
    /// Whether the same step may succeed when tried again unchanged (throttling, timeouts).
    public var retryable: Bool
    public var message: String

    public init(kind: Kind, code: String? = nil, retryable: Bool = false, message: String) {
        self.kind = kind
        self.code = code
        self.retryable = retryable
        self.message = message
    }

    public var description: String { message }

    /// The failure any error describes: its own when it is a `StepFailureDescribing`, else its text.
    public init(describing error: any Error) {
        if let failure = error as? StepFailure {
            self = failure
        } else if let described = error as? any StepFailureDescribing {
            self = described.stepFailure
        } else {
            self.init(kind: .other, message: String(describing: error))
        }
    }
}

/// An error a driver throws that can say what kind of failure it is (the AWS layer's errors do),
/// so the executor keeps its kind, code and retryability.
public protocol StepFailureDescribing: Error {
    var stepFailure: StepFailure { get }
}
