import AWSClient
import Foundation

/// An `AWSCalling` for unit tests: records every call and answers from a script.
///
/// Replies are looked up per (service, operation): first any queued one-shot replies (in
/// order), then a standing handler, else an empty structure. A reply can be a value or an
/// `AWSError`.
public final class FakeAWS: AWSCalling, @unchecked Sendable {
    public struct Call: Hashable, Sendable, CustomStringConvertible {
        public var service: AWSService
        public var operation: String
        public var input: AWSValue
        public var description: String { "\(service.rawValue) \(operation) \(input)" }
    }

    public typealias Handler = @Sendable (AWSValue) throws -> AWSValue

    public let region: String
    private let lock = NSLock()
    private var recorded: [Call] = []
    private var queued: [String: [Result<AWSValue, AWSError>]] = [:]
    private var handlers: [String: Handler] = [:]

    public init(region: String = "us-east-1") {
        self.region = region
    }

    private static func key(_ service: AWSService, _ operation: String) -> String { "\(service.rawValue).\(operation)" }

    /// Every call so far, in the order made.
    public var calls: [Call] { lock.withLock { recorded } }

    /// The inputs of the calls to one operation.
    public func inputs(_ service: AWSService, _ operation: String) -> [AWSValue] {
        calls.filter { $0.service == service && $0.operation == operation }.map(\.input)
    }

    /// The operations called, as "service.Operation", in order.
    public var operations: [String] { calls.map { Self.key($0.service, $0.operation) } }

    /// Answers every call to the operation with `handler`.
    public func on(_ service: AWSService, _ operation: String, _ handler: @escaping Handler) {
        lock.withLock { handlers[Self.key(service, operation)] = handler }
    }

    /// Answers every call to the operation with `reply`.
    public func on(_ service: AWSService, _ operation: String, reply: AWSValue) {
        on(service, operation) { _ in reply }
    }

    /// Fails every call to the operation with the service error `code`.
    public func on(_ service: AWSService, _ operation: String, error code: String) {
        on(service, operation) { _ in throw FakeAWS.error(service, operation, code) }
    }

    /// Answers the next call to the operation with `reply` (before any standing handler).
    public func once(_ service: AWSService, _ operation: String, reply: AWSValue) {
        lock.withLock { queued[Self.key(service, operation), default: []].append(.success(reply)) }
    }

    /// Fails the next call to the operation with the service error `code`.
    public func once(_ service: AWSService, _ operation: String, error code: String) {
        lock.withLock {
            queued[Self.key(service, operation), default: []].append(.failure(FakeAWS.error(service, operation, code)))
        }
    }

    public static func error(_ service: AWSService, _ operation: String, _ code: String, message: String = "") -> AWSError {
        AWSError(kind: .service, service: service.rawValue, operation: operation, code: code, message: message, status: 400)
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
        if let next { return try next.get() }
        let handler = lock.withLock { handlers[key] }
        return try handler?(input) ?? .map([:])
    }
}
