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
