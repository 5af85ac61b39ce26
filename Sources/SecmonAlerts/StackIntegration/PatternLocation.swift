import Foundation
import SecmonCore

/// Where character `offset` of a YAML scalar's value is written in the file, so a pattern
/// error points at the exact line and column.
///
/// Single-line plain, single-quoted (`''` is one quote) and double-quoted (`\x` escapes) scalars
/// are mapped character by character; for block and multi-line scalars the scalar's start is
/// returned (their indentation and folding make a column guess unreliable).
enum ScalarLocator {
    static func location(ofOffset offset: Int, scalarAt start: SourceLocation, fileText: String?) -> SourceLocation {
        guard let fileText else { return start }
        let lines = fileText.split(separator: "\n", omittingEmptySubsequences: false)
        guard start.line >= 1, start.line <= lines.count else { return start }
        let line = Array(lines[start.line - 1].unicodeScalars)
        var i = start.column - 1
        guard i >= 0, i < line.count else { return start }
        let quote = line[i]
        var consumed = 0
        func at(_ index: Int) -> SourceLocation { SourceLocation(file: start.file, line: start.line, column: index + 1) }
        switch quote {
        case "'", "\"":
            i += 1
            while i < line.count {
                if consumed == offset { return at(i) }
                let c = line[i]
                if c == quote {
                    if quote == "'", i + 1 < line.count, line[i + 1] == "'" { i += 2; consumed += 1; continue }
                    return at(i)  // the closing quote: the end of the value
                }
                if quote == "\"", c == "\\" {
                    // \xNN, \uNNNN, \UNNNNNNNN or a one-letter escape: one character of value.
                    let width: Int
                    switch i + 1 < line.count ? line[i + 1] : " " {
                    case "x": width = 4
                    case "u": width = 6
                    case "U": width = 10
                    default: width = 2
                    }
                    i += width
                    consumed += 1
                    continue
                }
                i += 1
                consumed += 1
            }
            return start  // the scalar continues on the next line
        case "|", ">":
            return start
        default:
            let column = i + offset
            return column <= line.count ? at(column) : start
        }
    }
}
