import SecmonCore
import SecmonPlan

/// An injected failure; it describes itself as an AWS service error would.
public struct FakeError: StepFailureDescribing, CustomStringConvertible {
    public var message: String
    public var code = "InjectedFailure"
    public var retryable = false
    public var description: String { message }
    public init(message: String, code: String = "InjectedFailure", retryable: Bool = false) {
        self.message = message
        self.code = code
        self.retryable = retryable
    }
    public var stepFailure: StepFailure { StepFailure(kind: .service, code: code, retryable: retryable, message: message) }
}

/// An in-memory account shared by the fake drivers: resources by kind and physical id, a log
/// of the calls made, and failures to inject.
public actor FakeCloud {
    public init() {}

    public private(set) var resources: [String: [String: LiveResource]] = [:]
    /// Every call, in order: "read alarm a,b", "list topic", "create alarm x", ...
    public private(set) var log: [String] = []
    /// `listOwned` calls by kind, with the physical ids of the parents they were given.
    public private(set) var listParents: [String: [String]] = [:]
    /// Calls that fail, keyed "create <kind> <logical id>", "update <kind> <logical id>" or
    /// "delete <kind> <physical id>"; the value is how many times (Int.max: always).
    public var failures: [String: Int] = [:]
    public private(set) var inFlight = 0
    public private(set) var maxInFlight = 0
    private var counter = 0

    public func put(_ live: LiveResource) { resources[live.kind, default: [:]][live.physicalID] = live }
    public func remove(kind: String, physicalID: String) { resources[kind]?[physicalID] = nil }
    public func get(_ kind: String, _ physicalID: String) -> LiveResource? { resources[kind]?[physicalID] }
    public func all(_ kind: String) -> [LiveResource] { (resources[kind] ?? [:]).values.sorted { $0.physicalID < $1.physicalID } }
    /// The error an injected failure throws, when not the default one.
    public var failureErrors: [String: FakeError] = [:]
    public func fail(_ call: String, times: Int = Int.max, with error: FakeError? = nil) {
        failures[call] = times
        failureErrors[call] = error
    }
    public func record(_ entry: String) { log.append(entry) }
    public func recordList(_ kind: String, parents: [LiveResource]) {
        log.append("list \(kind)")
        listParents[kind] = parents.map(\.physicalID).sorted()
    }
    public func clearLog() { log = [] }
    public func nextNumber() -> Int {
        counter += 1
        return counter
    }

    /// Marks a call running (for the parallelism bound) and throws an injected failure.
    public func begin(_ call: String) throws {
        log.append(call)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if let left = failures[call], left > 0 {
            failures[call] = left == Int.max ? left : left - 1
            inFlight -= 1
            throw failureErrors[call] ?? FakeError(message: "injected failure of \(call)")
        }
    }

    public func end() { inFlight -= 1 }

    /// Throws an injected failure for a read-only call ("read <kind>", "list <kind>").
    public func failIfAsked(_ call: String) throws {
        if let left = failures[call], left > 0 {
            failures[call] = left == Int.max ? left : left - 1
            throw FakeError(message: "injected failure of \(call)")
        }
    }

    /// Calls that saw their task cancelled.
    public private(set) var cancelled: [String] = []
    public func noteCancelled(_ call: String) { cancelled.append(call) }
}
