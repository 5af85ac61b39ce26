import SecmonCore
import Yams

/// Yams/libyaml errors -> one located diagnostic a person can act on.
struct YAMLErrorTranslator {
    let text: String
    let file: String
    let maxDepth: Int

    func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let tab = tabIndentation(atOrBefore: mark.line) {
                return Diagnostic(.error, "tab character in indentation; YAML indents with spaces only", at: tab)
            }
            if let indentation = indentationProblem(problem, context: context, at: mark) { return indentation }
            if problem.contains("Maximum nesting level") {
                return Diagnostic(.error, "lists and maps are nested too deeply (the limit is \(maxDepth) levels)", at: at(mark))
            }
            // libyaml: "did not find expected ',' or ']'" + "while parsing a flow sequence";
            // Yams: "but found another document" after "expected a single document in the stream".
            let text: String
            switch context?.text {
            case nil, "": text = problem
            case let context? where problem.hasPrefix("but "): text = "\(context), \(problem)"
            case let context?: text = "\(problem) \(context)"
            }
            return Diagnostic(.error, "invalid YAML: \(text)", at: at(mark))
        case .reader(let problem, let offset, _, _):
            let location = TextPosition.location(ofByte: offset ?? 0, in: Array(text.utf8), file: file)
            return Diagnostic(.error, "invalid YAML: \(problem)", at: location)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = at(context.mark)
            let second = secondOccurrence(of: key, after: context.mark) ?? first
            return Diagnostic(.error, "duplicate key '\(key)' (first defined at line \(first.line))", at: second)
        case .memory:
            return Diagnostic(.error, "out of memory while parsing YAML", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return Diagnostic(.error, "invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// libyaml's wording for a badly indented line ("did not find expected key while parsing a
    /// block mapping", "mapping values are not allowed in this context") says neither which
    /// line nor what was expected; this says both.
    private func indentationProblem(_ problem: String, context: YamlError.Context?, at mark: Mark) -> Diagnostic? {
        let all = lines
        func indentation(_ line: Int) -> Int? {
            guard line >= 1, line <= all.count else { return nil }
            return all[line - 1].prefix { $0 == " " }.count
        }
        func spaces(_ n: Int) -> String { n == 1 ? "1 space" : "\(n) spaces" }
        // The previous line with content, and its indentation.
        func lineAbove(_ line: Int) -> (line: Int, indent: Int)? {
            var previous = line - 1
            while previous >= 1 {
                let content = all[previous - 1].trimmingCharacters(in: .whitespaces)
                if !content.isEmpty, !content.hasPrefix("#") { return (previous, indentation(previous) ?? 0) }
                previous -= 1
            }
            return nil
        }
        if problem.hasPrefix("did not find expected key"), let context, context.text.contains("block mapping"),
           let found = indentation(mark.line) {
            let expected = context.mark.column - 1
            guard found != expected else { return nil }
            let at = SourceLocation(file: file, line: mark.line, column: found + 1)
            if let above = lineAbove(mark.line), above.indent > found, above.indent != expected {
                return Diagnostic(.error, "line \(mark.line) is indented \(spaces(found)), between the key above it (line "
                    + "\(above.line), \(spaces(above.indent))) and the map around that (from line \(context.mark.line), keys at "
                    + "\(spaces(expected))); indent it by \(spaces(above.indent)) to continue the map above, or by "
                    + "\(spaces(expected)) to end it", at: at)
            }
            return Diagnostic(.error, "line \(mark.line) is indented \(spaces(found)), but the map it continues (from line "
                + "\(context.mark.line)) has its keys at \(spaces(expected)); indent it by \(spaces(expected)), or less to end that map",
                at: at)
        }
        if problem.hasPrefix("mapping values are not allowed"), let found = indentation(mark.line) {
            // The line above holds a key whose value this line was read as part of.
            guard let above = lineAbove(mark.line), found > above.indent else {
                return Diagnostic(.error, "invalid YAML: a value holds ': ' (quote it, e.g. \"a: b\")", at: at(mark))
            }
            return Diagnostic(.error, "line \(mark.line) is indented \(spaces(found)), more than the key on line \(above.line) "
                + "(\(spaces(above.indent))), so it is read as part of that key's value; indent it by \(spaces(above.indent)) "
                + "to make it a key of the same map", at: SourceLocation(file: file, line: mark.line, column: found + 1))
        }
        return nil
    }

    /// `text` with line `line` (1-based) and the lines indented under it emptied (line numbers
    /// stay), or nil when there is nothing to set aside (a flow mapping, say).
    static func blankingBlock(atLine line: Int, in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 1, line <= lines.count else { return nil }
        let target = lines[line - 1]
        let indent = target.prefix { $0 == " " }.count
        let rest = target.dropFirst(indent)
        guard !rest.isEmpty, !rest.hasPrefix("{"), !rest.hasPrefix("-") else { return nil }
        lines[line - 1] = ""
        var index = line
        while index < lines.count {
            let next = lines[index]
            let leading = next.prefix { $0 == " " }.count
            let content = next.dropFirst(leading)
            if !content.isEmpty, !content.hasPrefix("#"), leading <= indent { break }
            lines[index] = ""
            index += 1
        }
        return lines.joined(separator: "\n")
    }

    private func at(_ mark: Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private var lines: [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// libyaml reports a tab in indentation as "found character that cannot start any token"
    /// (or similar) on the tab's line or the next; the friendly message points at the tab. Only
    /// those two lines are looked at, so a tab inside an earlier block scalar is not blamed.
    private func tabIndentation(atOrBefore line: Int) -> SourceLocation? {
        let all = lines
        // libyaml may mark the line after the last one; never form an inverted range.
        let first = max(0, min(line - 2, all.count)), end = max(first, min(line, all.count))
        for index in first..<end {
            let content = all[index]
            var column = 1
            for ch in content.unicodeScalars {
                if ch == "\t" { return SourceLocation(file: file, line: index + 1, column: column) }
                if ch != " " { break }
                column += 1
            }
        }
        return nil
    }

    /// Yams points at the first of two equal keys; the mistake is usually the second. Looks for
    /// the same key at the same indentation further down, before the block ends.
    private func secondOccurrence(of key: String, after mark: Mark) -> SourceLocation? {
        let all = lines
        let indent = mark.column - 1
        var index = mark.line  // the line after the first occurrence (0-based index)
        while index < all.count {
            let line = all[index]
            let leading = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(leading)
            if !rest.isEmpty, !rest.hasPrefix("#") {
                if leading < indent { return nil }
                if leading == indent, rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") {
                    return SourceLocation(file: file, line: index + 1, column: leading + 1)
                }
            }
            index += 1
        }
        return nil
    }
}
