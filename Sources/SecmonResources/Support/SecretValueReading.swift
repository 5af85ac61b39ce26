import AWSClient
import SecmonCore

extension SecretValueSource {
    /// Reads the value named by a secret's `value` property (`{from_env: NAME}` or
    /// `{from_file: PATH}`). Nil when there is no `value`. Errors name the source, never the value.
    func read(_ source: Value?, secret name: String, action: String) throws -> String? {
        do {
            return try value(of: source)
        } catch {
            throw ResourceError(kind: "secret", name: name, action: action, message: "value: \(error.message)")
        }
    }

    /// What reading `source` when it is written would run into, without keeping the value: nil
    /// when it can be read and Secrets Manager would take it. Plan and apply ask this for every
    /// value the plan writes, before anything is written.
    public func problem(with source: Value) -> String? {
        do {
            guard let value = try value(of: source) else { return nil }
            let bytes = value.utf8.count
            if bytes == 0 { return "\(Self.describe(source)) is empty; Secrets Manager needs at least 1 character" }
            if bytes > Self.maximumBytes {
                return "\(Self.describe(source)) holds \(bytes) bytes; Secrets Manager takes at most \(Self.maximumBytes)"
            }
            return nil
        } catch {
            return error.message
        }
    }

    /// The most a secret string may hold, from the Secrets Manager model (64 KiB).
    static let maximumBytes: Int = {
        let max = (try? ServiceModel.named(.secretsmanager))?.shape("SecretStringType")?.max
        return max.map { Int($0) } ?? 65536
    }()

    private struct SourceProblem: Error {
        var message: String
    }

    private func value(of source: Value?) throws(SourceProblem) -> String? {
        guard let source, source != .null else { return nil }
        guard case .map(let map) = source, map.count == 1 else {
            throw SourceProblem(message: "must be exactly one of from_env or from_file")
        }
        if let variable = map["from_env"]?.stringValue {
            guard let value = environment(variable) else {
                throw SourceProblem(message: "environment variable \(variable) is not set")
            }
            return value
        }
        if let path = map["from_file"]?.stringValue {
            do {
                return try readFile(path)
            } catch {
                throw SourceProblem(message: "cannot read file \(path)")
            }
        }
        throw SourceProblem(message: "must be exactly one of from_env or from_file")
    }

    private static func describe(_ source: Value) -> String {
        if let variable = source["from_env"]?.stringValue { return "environment variable \(variable)" }
        if let path = source["from_file"]?.stringValue { return "file \(path)" }
        return "the value"
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
