import Foundation

/// Where a secret's value comes from: an environment variable or a file, named by the stack's
/// `value: {from_env: NAME}` or `value: {from_file: PATH}`. Injectable for tests. The value
/// read is only ever handed to the one AWS call that writes it.
public struct SecretValueSource: Sendable {
    public var environment: @Sendable (String) -> String?
    public var readFile: @Sendable (String) throws -> String

    public init(environment: @escaping @Sendable (String) -> String?,
                readFile: @escaping @Sendable (String) throws -> String) {
        self.environment = environment
        self.readFile = readFile
    }

    /// The process environment and the file system. A relative `from_file` path is taken
    /// relative to the current directory (the stack loader is expected to make it absolute,
    /// relative to the stack file).
    public static let process = SecretValueSource(
        environment: { ProcessInfo.processInfo.environment[$0] },
        readFile: { path in
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw CocoaError(.fileReadInapplicableStringEncoding)
            }
            return text
        })
}
