/// A syntax error in a filter pattern: where it is and what was expected there.
///
/// `offset` counts Unicode scalars from the start of the pattern (0-based), so a caller that
/// knows where the pattern starts in a file (a YAML scalar's line and column) can place the
/// error exactly; `caretDisplay` shows it under the pattern for a terminal.
public struct FilterPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "filter pattern error at offset \(offset): \(message)" }

    /// The pattern on one line and a caret under the error position, e.g.
    /// ```
    /// { $.eventName = }
    ///                 ^ expected a value after '='
    /// ```
    public func caretDisplay(pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        // Tabs and newlines would move the caret; show them as spaces.
        let shown = String(String.UnicodeScalarView(scalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
        let column = min(max(offset, 0), scalars.count)
        return shown + "\n" + String(repeating: " ", count: column) + "^ " + message
    }
}
