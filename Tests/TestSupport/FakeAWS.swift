import AWSClient
import Foundation
import Testing
import XCTest

/// The one `AWSCalling` for unit tests: records every call, answers from a script, and checks
/// every request and every scripted reply against the embedded service models, as the real
/// client would see them.
///
/// - A request is checked exactly as `AWSClient` checks it before sending (`ServiceModel.validate`):
///   an operation the model lacks, a misspelt or missing required member, a wrong type or a
///   broken constraint fails the call with the client's own `AWSError` (kind `.validation`).
/// - A scripted reply must be what the client could return: only members of the operation's
///   output shape, each of the type the client decodes it to (`.integer` for integers, `.double`
///   for floats, `.timestamp`, `.blob`, `.bool`, `.string`).
///
/// Either mismatch also fails the running test (Swift Testing `Issue.record`, else `XCTFail`),
/// so code that catches the error cannot hide it. `mismatches` lists them all.
///
/// Replies are looked up per (service, operation): first any queued one-shot replies (in
/// order), then a standing handler, else the empty reply `{}`. A reply can be a value or an
/// `AWSError`. Like the real client, a call from a cancelled task fails.
public final class FakeAWS: AWSCalling, @unchecked Sendable {
    public struct Call: Hashable, Sendable, CustomStringConvertible {
        public var service: AWSService
        public var operation: String
        public var input: AWSValue
        public var description: String { "\(service.rawValue) \(operation) \(input)" }
    }

    public typealias Handler = @Sendable (AWSValue) throws -> AWSValue

    public let region: String
    /// Whether a mismatch with the model also fails the running test (off only in the fake's own
    /// tests, which check the error and `mismatches` instead).
    private let failsTestOnMismatch: Bool
    private let lock = NSLock()
    private var recorded: [Call] = []
    private var found: [String] = []
    private var queued: [String: [Result<AWSValue, AWSError>]] = [:]
    private var handlers: [String: Handler] = [:]
    private var holds: [String: @Sendable ([Call]) -> Bool] = [:]

    public init(region: String = "us-east-1", failsTestOnMismatch: Bool = true) {
        self.region = region
        self.failsTestOnMismatch = failsTestOnMismatch
    }

    private static func key(_ service: AWSService, _ operation: String) -> String { "\(service.rawValue).\(operation)" }

    /// Every call so far, in the order made.
    public var calls: [Call] { lock.withLock { recorded } }

    /// Every request or reply so far that the model does not allow, one sentence each.
    public var mismatches: [String] { lock.withLock { found } }

    /// The inputs of the calls to one operation.
    public func inputs(_ service: AWSService, _ operation: String) -> [AWSValue] {
        calls.filter { $0.service == service && $0.operation == operation }.map(\.input)
    }

    /// The operations called, as "service.Operation", in order.
    public var operations: [String] { calls.map { Self.key($0.service, $0.operation) } }

    /// Answers every call to the operation with `handler` (replacing any earlier one).
    public func on(_ service: AWSService, _ operation: String, _ handler: @escaping Handler) {
        lock.withLock { handlers[Self.key(service, operation)] = handler }
    }

    /// Answers every call to the operation with `reply`.
    public func on(_ service: AWSService, _ operation: String, reply: AWSValue) {
        on(service, operation) { _ in reply }
    }

    /// Fails every call to the operation with the service error `code`.
    public func on(_ service: AWSService, _ operation: String, error code: String, status: Int = 400) {
        on(service, operation) { _ in throw FakeAWS.error(service, operation, code, status: status) }
    }

    /// Answers the next call to the operation with `reply` (before any standing handler).
    public func once(_ service: AWSService, _ operation: String, reply: AWSValue) {
        lock.withLock { queued[Self.key(service, operation), default: []].append(.success(reply)) }
    }

    /// Fails the next call to the operation with the service error `code`.
    public func once(_ service: AWSService, _ operation: String, error code: String, status: Int = 400) {
        lock.withLock {
            queued[Self.key(service, operation), default: []].append(
                .failure(FakeAWS.error(service, operation, code, status: status)))
        }
    }

    /// Holds every call to the operation until `condition`, asked of the calls made so far,
    /// holds; then answers it as usual. A test proves with it that calls go out together,
    /// without timing anything: a call that waits for the held one's reply is never made, and
    /// after `timeout` (a bound for a loaded machine, not a measure) the held call fails the
    /// test.
    public func hold(_ service: AWSService, _ operation: String, until condition: @escaping @Sendable ([Call]) -> Bool) {
        lock.withLock { holds[Self.key(service, operation)] = condition }
    }

    /// `hold` until each of `operations` ("service.Operation") has been called.
    public func hold(_ service: AWSService, _ operation: String, untilCalled operations: Set<String>) {
        hold(service, operation) { calls in operations.isSubset(of: Set(calls.map { Self.key($0.service, $0.operation) })) }
    }

    /// How long a held call waits for its condition before failing the test.
    public var holdTimeout: Duration = .seconds(30)

    /// A service error reply as the client reports it.
    public static func error(_ service: AWSService, _ operation: String, _ code: String, message: String = "",
                             status: Int = 400) -> AWSError {
        AWSError(kind: .service, service: service.rawValue, operation: operation, code: code,
                 message: message.isEmpty ? "scripted \(code)" : message, status: status)
    }

    public func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        let key = Self.key(service, operation)
        let next: Result<AWSValue, AWSError>? = lock.withLock {
            recorded.append(Call(service: service, operation: operation, input: input))
            if var queue = queued[key], !queue.isEmpty {
                let first = queue.removeFirst()
                queued[key] = queue
                return first
            }
            return nil
        }
        if let condition = lock.withLock({ holds[key] }) {
            let clock = ContinuousClock(), start = clock.now
            while !condition(calls) {
                guard start.duration(to: clock.now) < holdTimeout else {
                    throw mismatch(AWSError(kind: .transport, service: service.rawValue, operation: operation, code: "HoldTimedOut",
                                            message: "held until other calls were made, and they never were: "
                                                + "something waits for this call's reply"))
                }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        let model = try ServiceModel.named(service)
        guard let operationModel = model.operation(operation) else {
            throw mismatch(AWSError(kind: .validation, service: service.rawValue, operation: operation,
                                    code: "UnknownOperation",
                                    message: "secmon's model of \(service.rawValue) has no operation \(operation)"))
        }
        do {
            try model.validate(input, for: operationModel)
        } catch {
            throw mismatch(error)
        }
        // Like a real HTTP client, a cancelled task's call fails (so cleanup must not run in it).
        try Task.checkCancellation()
        let reply: AWSValue
        if let next {
            reply = try next.get()
        } else if let handler = lock.withLock({ handlers[key] }) {
            reply = try handler(input)
        } else {
            reply = .map([:])
        }
        var checker = ReplyChecker(model: model)
        if let output = operationModel.output {
            checker.check(reply, ref: output, path: "")
        } else if !reply.map.isEmpty {
            checker.problems.append("\(operation) has no output, but the reply has "
                + reply.map.keys.sorted().joined(separator: ", "))
        }
        guard checker.problems.isEmpty else {
            throw mismatch(AWSError(
                kind: .decoding, service: service.rawValue, operation: operation, code: "ReplyNotInModel",
                message: "the scripted reply is not one the client could return: "
                    + checker.problems.joined(separator: "; ")))
        }
        return reply
    }

    /// Records a mismatch, fails the running test, and returns the error for the caller to throw.
    private func mismatch(_ error: AWSError) -> AWSError {
        let sentence = "FakeAWS: \(error.service) \(error.operation): \(error.message)"
        lock.withLock { found.append(sentence) }
        if failsTestOnMismatch {
            if Test.current != nil {
                Issue.record(Comment(rawValue: sentence))
            } else {
                XCTFail(sentence)
            }
        }
        return error
    }
}

/// Walks a scripted reply and the output shape, collecting one sentence per member the client
/// could not have returned. Constraints (lengths, patterns, enums) and required members are not
/// checked: the client's readers pass replies through without them (a new enum value, a member
/// left out), so a test may script a partial reply.
struct ReplyChecker {
    let model: ServiceModel
    var problems: [String] = []

    mutating func check(_ value: AWSValue, ref: ShapeRef, path: String) {
        if value.isNull { return }
        guard let shape = model.shape(ref.shape) else {
            problems.append("\(label(path)) refers to shape \(ref.shape), which the model lacks")
            return
        }
        switch (shape.kind, value) {
        case (.structure, .map(let given)):
            for name in given.keys.sorted() {
                guard let member = shape.member(named: name) else {
                    let near = shape.members.first { $0.name.lowercased() == name.lowercased() }
                    problems.append("\(join(path, name)) is not a member of \(shape.name)"
                        + (near.map { "; did you mean \($0.name)?" }
                            ?? " (members: \(shape.members.map(\.name).joined(separator: ", ")))"))
                    continue
                }
                check(given[name] ?? .null, ref: member.ref, path: join(path, name))
            }
        case (.list, .list(let items)):
            guard let element = shape.member else { return }
            for (i, item) in items.enumerated() { check(item, ref: element, path: join(path, String(i))) }
        case (.map, .map(let entries)):
            guard let valueRef = shape.value else { return }
            for key in entries.keys.sorted() { check(entries[key] ?? .null, ref: valueRef, path: join(path, key)) }
        case (.string, .string), (.integer, .integer), (.long, .integer), (.float, .double), (.double, .double),
             (.boolean, .bool), (.timestamp, .timestamp), (.blob, .blob):
            return
        default:
            problems.append("\(label(path)) (\(shape.name)) must be \(Self.expected(shape.kind)), not \(Self.describe(value))")
        }
    }

    private func label(_ path: String) -> String { path.isEmpty ? "the reply" : path }
    private func join(_ path: String, _ next: String) -> String { path.isEmpty ? next : "\(path).\(next)" }

    static func expected(_ kind: Shape.Kind) -> String {
        switch kind {
        case .structure: return "a structure (.map)"
        case .list: return "a list (.list)"
        case .map: return "a map (.map)"
        case .string: return "a string (.string)"
        case .integer, .long: return "an integer (.integer)"
        case .float, .double: return "a number (.double)"
        case .boolean: return "a boolean (.bool)"
        case .timestamp: return "a timestamp (.timestamp)"
        case .blob: return "binary data (.blob)"
        }
    }

    static func describe(_ value: AWSValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return ".bool(\(b))"
        case .integer(let i): return ".integer(\(i))"
        case .double(let d): return ".double(\(d))"
        case .string(let s): return ".string(\(s.count > 40 ? String(s.prefix(40)) + "…" : s))"
        case .timestamp: return "a timestamp"
        case .blob: return "binary data"
        case .list: return "a list"
        case .map: return "a structure or map"
        }
    }
}
