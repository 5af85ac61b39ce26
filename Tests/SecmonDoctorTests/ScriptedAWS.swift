import AWSClient
import Foundation

/// A scripted stand-in for AWS: one handler per operation, every call recorded. An operation
/// without a handler fails like an endpoint that lacks it (HTTP 500), so a test notices.
final class ScriptedAWS: AWSCalling, @unchecked Sendable {
    typealias Handler = @Sendable (AWSValue) throws -> AWSValue

    let region: String
    private let lock = NSLock()
    private var handlers: [String: Handler] = [:]
    private var recorded: [(operation: String, input: AWSValue)] = []

    init(region: String = "us-east-1") {
        self.region = region
    }

    /// Answers `service operation` with `handler` from now on (replacing any earlier one).
    func on(_ service: AWSService, _ operation: String, _ handler: @escaping Handler) {
        lock.withLock { handlers["\(service.rawValue).\(operation)"] = handler }
    }

    /// Answers with a fixed reply.
    func reply(_ service: AWSService, _ operation: String, _ value: AWSValue) {
        on(service, operation) { _ in value }
    }

    /// Fails with an AWS error reply.
    func fail(_ service: AWSService, _ operation: String, code: String, status: Int = 400) {
        on(service, operation) { _ in
            throw AWSError(kind: .service, service: service.rawValue, operation: operation, code: code,
                           message: "scripted \(code)", status: status)
        }
    }

    /// "service.Operation" of every call so far, in order.
    var calls: [String] { lock.withLock { recorded.map(\.operation) } }
    func inputs(of operation: String) -> [AWSValue] {
        lock.withLock { recorded.filter { $0.operation == operation }.map(\.input) }
    }

    func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        let key = "\(service.rawValue).\(operation)"
        let handler: Handler? = lock.withLock {
            recorded.append((key, input))
            return handlers[key]
        }
        // Like a real HTTP client, a cancelled task's call fails (so cleanup must not run in it).
        try Task.checkCancellation()
        guard let handler else {
            throw AWSError(kind: .service, service: service.rawValue, operation: operation, code: "500",
                           message: "<html>not scripted</html>", status: 500)
        }
        return try handler(input)
    }
}
