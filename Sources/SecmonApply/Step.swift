import SecmonPlan

/// One call the executor makes: a plan action is one step, a replacement two.
public struct Step: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Operation: String, Sendable, Codable, Hashable {
        case create, update, adopt, delete
        /// Keep the resource, remove secmon's ownership tags (`lifecycle: retain`).
        case release
    }
    /// The plan action's address (the logical id for declared resources).
    public var address: String
    public var kind: String
    public var operation: Operation
    /// The physical id acted on (for a delete, the old resource's); nil when AWS assigns it.
    public var physicalID: String?

    public init(address: String, kind: String, operation: Operation, physicalID: String?) {
        self.address = address
        self.kind = kind
        self.operation = operation
        self.physicalID = physicalID
    }

    /// e.g. `create alarm secret_read_alarm ("SecretIsAccessed")`.
    public var description: String {
        let id = physicalID.map { " (\"\($0)\")" } ?? ""
        return "\(operation.rawValue) \(kind) \(address)\(id)"
    }
}

/// How a step ended.
public enum StepStatus: Sendable, Codable, Hashable {
    /// Done; `note` says anything the user must know (e.g. a scheduled deletion date).
    case done(note: String?)
    /// Failed; the failure keeps the error's kind, code and retryability.
    case failed(StepFailure)
    /// Never started, and why.
    case skipped(SkipReason)
}

/// Why a step never started.
public enum SkipReason: Sendable, Codable, Hashable {
    /// It depends (directly or through other skipped steps) on these failed steps.
    case failedDependencies([Step])
    /// The apply was stopped (Ctrl-C, or another apply of the stack was found running) before
    /// its turn came.
    case stopped
}

public struct StepResult: Sendable, Codable, Hashable {
    public var step: Step
    public var status: StepStatus
    /// How long it ran; nil when skipped.
    public var duration: Duration?
    public init(step: Step, status: StepStatus, duration: Duration?) {
        self.step = step
        self.status = status
        self.duration = duration
    }
}

/// What an apply did, in plan order.
public struct ApplyResult: Sendable, Codable, Hashable {
    public var steps: [StepResult]
    public init(steps: [StepResult], stopReason: StopReason? = nil) {
        self.steps = steps
        self.stopReason = stopReason
    }

    public var succeeded: Bool { failed.isEmpty && skipped.isEmpty && stopReason == nil }
    public var done: [StepResult] { steps.filter { if case .done = $0.status { return true } else { return false } } }
    public var failed: [StepResult] { steps.filter { if case .failed = $0.status { return true } else { return false } } }
    public var skipped: [StepResult] { steps.filter { if case .skipped = $0.status { return true } else { return false } } }
    /// Why the apply stopped starting new steps, when it did (nil: it ran to the end).
    public var stopReason: StopReason?
}

/// Why an apply stopped starting new steps before the end.
public enum StopReason: Sendable, Codable, Hashable {
    /// The user asked (Ctrl-C).
    case interrupted
    /// Another apply of the same stack made a resource this one was about to make.
    case concurrentApply
}

/// Progress, reported one event at a time (never concurrently) as steps start and finish.
public enum ApplyEvent: Sendable, Hashable {
    case started(Step)
    case finished(Step, StepStatus, Duration)
}
