import AWSClient

/// What doctor learned about one part of the pipeline. Every case but `value` ends up as a
/// non-ok link, so nothing doctor could not see is ever reported as working.
public enum Observed<T: Sendable>: Sendable {
    /// The part exists and this is what it looks like.
    case value(T)
    /// AWS says the part does not exist (or the target names none); the text says what is missing.
    case missing(String)
    /// The endpoint cannot answer this question (an HTML 500, a field it never returns).
    case unsupported(String)
    /// The call failed for another reason (access denied, throttled, network).
    case failed(AWSError)
    /// Not looked at because a part it depends on is missing or unreadable.
    case skipped(String)

    public var value: T? { if case .value(let v) = self { return v } else { return nil } }

    /// One line saying why there is no value (nil when there is one).
    public var reason: String? {
        switch self {
        case .value: return nil
        case .missing(let s), .unsupported(let s), .skipped(let s): return s
        case .failed(let error): return error.description
        }
    }

    public func map<U: Sendable>(_ transform: (T) -> U) -> Observed<U> {
        switch self {
        case .value(let v): return .value(transform(v))
        case .missing(let s): return .missing(s)
        case .unsupported(let s): return .unsupported(s)
        case .failed(let e): return .failed(e)
        case .skipped(let s): return .skipped(s)
        }
    }
}

extension AWSError {
    /// The endpoint cannot serve the operation at all: a 5xx, or a reply that is not AWS's
    /// (moto answers operations it lacks with an HTML 500 page).
    var isUnsupported: Bool {
        if kind == .decoding { return true }
        if let status, status >= 500 { return true }
        return ["NotImplemented", "UnsupportedOperation", "UnsupportedOperationException", "500"].contains(code)
    }
}

/// Calls AWS and sorts the outcome into `Observed`.
func observe<T: Sendable>(_ what: String, _ body: () async throws -> T?) async -> Observed<T> {
    do {
        guard let value = try await body() else { return .missing("\(what) not found") }
        return .value(value)
    } catch let error as AWSError {
        if error.isNotFound { return .missing("\(what) not found (\(error.code))") }
        if error.isUnsupported {
            let status = error.status.map { "HTTP \($0)" } ?? error.code
            return .unsupported("the endpoint does not support \(error.service) \(error.operation) (\(status))")
        }
        return .failed(error)
    } catch is CancellationError {
        return .skipped("cancelled")
    } catch {
        return .failed(AWSError(kind: .decoding, service: "secmon", operation: what, code: "UnexpectedError",
                                message: String(describing: error)))
    }
}
