/// A cursor over a pattern's Unicode scalars, shared by the pattern parsers.
struct PatternScanner {
    let scalars: [Unicode.Scalar]
    var position: Int

    init(_ scalars: [Unicode.Scalar], position: Int = 0) {
        self.scalars = scalars
        self.position = position
    }

    var atEnd: Bool { position >= scalars.count }
    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }
    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    func error(_ message: String, at offset: Int? = nil) -> FilterPatternError {
        FilterPatternError(offset: offset ?? position, message: message)
    }

    /// What is at the cursor, for "expected X, found Y" messages.
    var found: String {
        guard let c = current else { return "the end of the pattern" }
        return "'\(c)'"
    }

    mutating func skipBlanks() {
        while let c = current, PatternScanner.isBlank(c) { position += 1 }
    }

    static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
    static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
    static func isNameCharacter(_ c: Unicode.Scalar) -> Bool { isAlphanumeric(c) || c == "_" }

    /// Consumes `text` if it is next.
    mutating func consume(_ text: String) -> Bool {
        let expected = Array(text.unicodeScalars)
        guard position + expected.count <= scalars.count else { return false }
        for (i, s) in expected.enumerated() where scalars[position + i] != s { return false }
        position += expected.count
        return true
    }

    /// Consumes an upper-case keyword that is not followed by more name characters.
    mutating func consumeKeyword(_ word: String) -> Bool {
        let saved = position
        guard consume(word) else { return false }
        if let c = current, PatternScanner.isNameCharacter(c) { position = saved; return false }
        return true
    }

    /// A double-quoted string; the cursor is on the opening quote. `\"` and `\\` are escapes
    /// (an assumption: AWS does not document escapes inside quotes).
    mutating func readQuoted() throws(FilterPatternError) -> String {
        let start = position
        position += 1
        var out = String.UnicodeScalarView()
        while let c = current {
            if c == "\"" { position += 1; return String(out) }
            if c == "\\", let next = peek(1), next == "\"" || next == "\\" {
                out.append(next)
                position += 2
                continue
            }
            out.append(c)
            position += 1
        }
        throw error("expected '\"' to close the quoted text", at: start)
    }

    /// `%...%`: the cursor is on the opening `%`.
    mutating func readRegex() throws(FilterPatternError) -> FilterRegex {
        let start = position
        position += 1
        let bodyStart = position
        while let c = current, c != "%" { position += 1 }
        guard !atEnd else { throw error("expected '%' to close the regular expression", at: start) }
        let regex = try FilterRegex.parse(scalars[bodyStart..<position], baseOffset: bodyStart)
        position += 1
        return regex
    }
}
