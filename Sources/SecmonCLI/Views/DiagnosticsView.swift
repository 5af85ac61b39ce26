import Foundation
import SecmonCore

/// How diagnostics reach the user: compiler-style lines on stderr (human), or JSON objects in
/// a command's document on stdout (`--json`; the fields are documented in docs/diagnostics-json.md).
enum DiagnosticLines {
    static func show(_ diagnostics: [Diagnostic], on io: CommandIO) {
        for diagnostic in diagnostics { io.err(diagnostic.description) }
    }
}

/// One diagnostic as JSON: where, how bad, which rule, what, and the fix when secmon knows one.
struct DiagnosticJSON: Encodable, Equatable {
    var severity: String
    /// The lint's id (e.g. "SM001"); null for errors, which have no stable id yet.
    var code: String?
    var message: String
    /// The value secmon suggests instead of a misspelt one (from "did you mean 'x'?").
    var suggestion: String?
    var file: String?
    var line: Int?
    var column: Int?

    init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        code = diagnostic.id
        file = diagnostic.location?.file
        line = diagnostic.location?.line
        column = diagnostic.location?.column
        (message, suggestion) = Self.split(diagnostic.message)
    }

    private enum CodingKeys: String, CodingKey { case severity, code, message, suggestion, file, line, column }

    /// Every key always present (null when unknown), so readers need no existence checks.
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(severity, forKey: .severity)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
        try c.encode(suggestion, forKey: .suggestion)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
    }

    /// `unknown property 'thresold' (did you mean 'threshold'?)` -> the message and `threshold`.
    static func split(_ message: String) -> (String, String?) {
        let marker = " (did you mean '"
        guard let start = message.range(of: marker, options: .backwards),
              let end = message.range(of: "'?)", range: start.upperBound..<message.endIndex) else { return (message, nil) }
        let suggestion = String(message[start.upperBound..<end.lowerBound])
        return (String(message[..<start.lowerBound]) + String(message[end.upperBound...]), suggestion)
    }
}

/// Sorted keys, slashes unescaped: the same result always gives the same bytes.
enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
