/// A place in a source file, 1-based, as compilers print it.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One finding about user input: `file:line:col: error: message`.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning, note }
    public var severity: Severity
    public var location: SourceLocation?
    public var message: String
    /// A stable identifier for lints (e.g. "SM001"); nil for plain errors.
    public var id: String?
    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, id: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.id = id
    }
    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        let tag = id.map { " [\($0)]" } ?? ""
        return "\(prefix)\(severity.rawValue): \(message)\(tag)"
    }
}
