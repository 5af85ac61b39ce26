/// Splits a string into literal text and `${root.attribute}` references. `$${` writes a literal
/// `${`. Only the syntax is checked here; what the names mean is the resolver's business.
enum TemplateParser {
    enum Part: Equatable {
        case literal(String)
        /// `offset`: where the `$` is, in Unicode scalars from the start of the text.
        case reference(root: String, attribute: String, offset: Int)
    }

    static func containsReference(_ text: String) -> Bool { text.contains("${") }

    /// The parts, or a sentence fragment describing the first syntax problem.
    static func parse(_ text: String) -> Result<[Part], TemplateSyntaxError> {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: dollar)
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                literal += "${"
                rest = after.dropFirst(2)
                continue
            }
            guard after.hasPrefix("{") else {
                literal += "$"
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: "}") else {
                return .failure(TemplateSyntaxError(message: "has an unterminated reference '\(rest[dollar...].prefix(40))' (missing '}')", offset: offset))
            }
            let body = after[after.index(after: after.startIndex)..<close]
            let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count == 2, pieces.allSatisfy({ isName($0) }) else {
                return .failure(TemplateSyntaxError(message: "has a malformed reference '${\(body)}'; write ${resource.attribute}, ${var.name}, ${stack.name} or ${aws.region}", offset: offset))
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            parts.append(.reference(root: String(pieces[0]), attribute: String(pieces[1]), offset: offset))
            rest = after[after.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return .success(parts)
    }

    private static func isName(_ s: Substring) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return false
        }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

struct TemplateSyntaxError: Error, Equatable {
    let message: String
    /// Where the offending `$` is, in Unicode scalars from the start of the text.
    let offset: Int
}
