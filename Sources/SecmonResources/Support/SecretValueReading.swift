import AWSClient
import SecmonCore

extension SecretValueSource {
    /// Reads the value named by a secret's `value` property (`{from_env: NAME}` or
    /// `{from_file: PATH}`). Nil when there is no `value`. Errors name the source, never the value.
    func read(_ source: Value?, secret name: String, action: String) throws -> String? {
        guard let source, source != .null else { return nil }
        func failure(_ message: String) -> ResourceError {
            ResourceError(kind: "secret", name: name, action: action, message: "value: \(message)")
        }
        guard case .map(let map) = source, map.count == 1 else {
            throw failure("must be exactly one of from_env or from_file")
        }
        if let variable = map["from_env"]?.stringValue {
            guard let value = environment(variable) else {
                throw failure("environment variable \(variable) is not set")
            }
            return value
        }
        if let path = map["from_file"]?.stringValue {
            do {
                return try readFile(path)
            } catch {
                throw failure("cannot read file \(path)")
            }
        }
        throw failure("must be exactly one of from_env or from_file")
    }
}

/// Runs an AWS call that carries a secret value, making sure the value cannot escape through
/// an error message (a validation error may quote its input).
func redactingSecret<T: Sendable>(_ secret: String?, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch var error as AWSError {
        if let secret, !secret.isEmpty {
            error.message = error.message.replacingOccurrences(of: secret, with: "(sensitive)")
        }
        throw error
    }
}
