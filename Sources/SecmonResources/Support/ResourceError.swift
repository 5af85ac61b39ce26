import AWSClient

/// A failure of a driver action, naming the resource so a person knows what to look at.
/// AWS failures keep the typed `AWSError` underneath.
public struct ResourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind, e.g. "trail".
    public var kind: String
    /// The resource's name (or physical id).
    public var name: String
    /// What secmon was doing: "read", "create", "update", "delete", "list".
    public var action: String
    public var message: String
    public var underlying: AWSError?

    public init(kind: String, name: String, action: String, message: String, underlying: AWSError? = nil) {
        self.kind = kind
        self.name = name
        self.action = action
        self.message = message
        self.underlying = underlying
    }

    public var description: String { "\(action) \(kind) \"\(name)\": \(message)" }
}

/// Runs `body`, turning any `AWSError` into a `ResourceError` that names the resource.
/// `ResourceError`s pass through unchanged; cancellation too.
func withResourceContext<T: Sendable>(kind: String, name: String, action: String,
                                      _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as AWSError {
        throw ResourceError(kind: kind, name: name, action: action, message: error.description, underlying: error)
    }
}
