/// A regular expression in the subset CloudWatch Logs accepts between `%` signs
/// (FilterAndPatternSyntax, "Supported regular expressions (regex) syntax").
///
/// Supported: letters, digits, the symbols `: _ # = @ / ; , -`, the operators
/// `^ $ ? [ ] { } | \ * + .`, the classes `\d \D \s \S \w \W`, and `\xhh`. Parentheses are not
/// supported (so alternation is only at the top level) and multi-byte characters are rejected,
/// as on AWS. Assumptions where the documentation is silent: a space is accepted (the documented
/// example `%^starting|^initializing|^shutting down%` contains one); `\` before any other ASCII
/// punctuation means that character literally; `.` matches any character but a newline.
/// Matching is a search (the expression may match anywhere) over UTF-8 bytes.
///
/// Our own matcher rather than NSRegularExpression: it is small because the language has no
/// groups, it runs on bytes without bridging, and it memoizes failures so no input can make it
/// take exponential time.
public struct FilterRegex: Sendable, Hashable {
    public let source: String
    let alternatives: [[RegexTerm]]

    struct RegexTerm: Sendable, Hashable {
        var atom: RegexAtom
        var minimum: Int
        var maximum: Int  // Int.max: unbounded
    }

    enum RegexAtom: Sendable, Hashable {
        case byteSet(ByteSet)
        case startAnchor
        case endAnchor
    }

    /// Parses the text between the two `%` signs; `baseOffset` is where that text starts in the
    /// whole pattern, for error positions.
    static func parse(_ scalars: ArraySlice<Unicode.Scalar>, baseOffset: Int) throws(FilterPatternError) -> FilterRegex {
        var parser = RegexParser(scalars: Array(scalars), baseOffset: baseOffset)
        let alternatives = try parser.parse()
        return FilterRegex(source: String(String.UnicodeScalarView(scalars)), alternatives: alternatives)
    }

    /// Whether the expression matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { matches(bytes: $0) }
    }

    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for terms in alternatives {
            var search = RegexSearch(terms: terms, text: bytes)
            if search.run() { return true }
        }
        return false
    }
}

/// 256 bits: which bytes an atom accepts.
struct ByteSet: Sendable, Hashable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: ByteSet, b: ByteSet) -> Bool { a.words == b.words }
    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }
    mutating func formUnion(_ other: ByteSet) {
        words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
    }
    var inverted: ByteSet {
        var s = ByteSet()
        s.words = (~words.0, ~words.1, ~words.2, ~words.3)
        return s
    }

    static func single(_ byte: UInt8) -> ByteSet { var s = ByteSet(); s.insert(byte); return s }
    static let digits: ByteSet = { var s = ByteSet(); s.insert(UInt8(ascii: "0")...UInt8(ascii: "9")); return s }()
    static let word: ByteSet = {
        var s = digits
        s.insert(UInt8(ascii: "a")...UInt8(ascii: "z")); s.insert(UInt8(ascii: "A")...UInt8(ascii: "Z")); s.insert(UInt8(ascii: "_"))
        return s
    }()
    /// Tab, newline and space, as documented; carriage return, vertical tab and form feed too.
    static let whitespace: ByteSet = {
        var s = ByteSet()
        for b: UInt8 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20] { s.insert(b) }
        return s
    }()
    static let anyButNewline: ByteSet = ByteSet.single(0x0A).inverted
}

struct RegexParser {
    let scalars: [Unicode.Scalar]
    let baseOffset: Int
    var position = 0

    static let symbols: Set<Unicode.Scalar> = [":", "_", "#", "=", "@", "/", ";", ",", "-", " "]
    static let operators: Set<Unicode.Scalar> = ["^", "$", "?", "[", "]", "{", "}", "|", "\\", "*", "+", "."]

    func error(_ message: String, at index: Int? = nil) -> FilterPatternError {
        FilterPatternError(offset: baseOffset + (index ?? position), message: message)
    }

    mutating func parse() throws(FilterPatternError) -> [[RegexParser.Term]] {
        // Check the character repertoire first: the documented rule is about characters.
        for (i, s) in scalars.enumerated() {
            if s.value > 0x7F { throw error("multi-byte characters are not supported in a regular expression; use \\xhh for ASCII symbols", at: i) }
            if s == "(" || s == ")" { throw error("parentheses are not supported in a regular expression", at: i) }
            let allowed = RegexParser.isAlphanumeric(s) || RegexParser.symbols.contains(s) || RegexParser.operators.contains(s)
            // Any ASCII character may follow a backslash.
            if !allowed && !(i > 0 && scalars[i - 1] == "\\" && !isEscaped(i - 1)) {
                throw error("'\(s)' is not supported in a regular expression; write it as \\x\(hex(s))", at: i)
            }
        }
        var alternatives: [[Term]] = []
        var current: [Term] = []
        while position < scalars.count {
            let s = scalars[position]
            if s == "|" {
                alternatives.append(current)
                current = []
                position += 1
                continue
            }
            let atomStart = position
            let atom = try parseAtom()
            var term = Term(atom: atom, minimum: 1, maximum: 1)
            if position < scalars.count, let quantifier = try parseQuantifier() {
                if case .startAnchor = atom { throw error("a quantifier cannot follow '^'", at: atomStart + 1) }
                if case .endAnchor = atom { throw error("a quantifier cannot follow '$'", at: atomStart + 1) }
                term.minimum = quantifier.0
                term.maximum = quantifier.1
            }
            current.append(term)
        }
        alternatives.append(current)
        if scalars.isEmpty { throw error("expected a regular expression between the % signs") }
        return alternatives
    }

    typealias Term = FilterRegex.RegexTerm

    func isEscaped(_ index: Int) -> Bool {
        var count = 0
        var i = index - 1
        while i >= 0, scalars[i] == "\\" { count += 1; i -= 1 }
        return count % 2 == 1
    }

    func hex(_ s: Unicode.Scalar) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(s.value >> 4) & 15], digits[Int(s.value) & 15]])
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    mutating func parseAtom() throws(FilterPatternError) -> FilterRegex.RegexAtom {
        let s = scalars[position]
        switch s {
        case "^": position += 1; return .startAnchor
        case "$": position += 1; return .endAnchor
        case ".": position += 1; return .byteSet(.anyButNewline)
        case "[": return .byteSet(try parseClass())
        case "\\": return .byteSet(try parseEscape(inClass: false))
        case "*", "+", "?", "{": throw error("'\(s)' must follow something to repeat")
        case "]", "}": throw error("unbalanced '\(s)'; escape it as \\\(s)")
        default:
            position += 1
            return .byteSet(.single(UInt8(s.value)))
        }
    }

    mutating func parseEscape(inClass: Bool) throws(FilterPatternError) -> ByteSet {
        let start = position
        position += 1
        guard position < scalars.count else { throw error("expected a character after '\\'", at: start) }
        let s = scalars[position]
        position += 1
        switch s {
        case "d": return .digits
        case "D": return ByteSet.digits.inverted
        case "s": return .whitespace
        case "S": return ByteSet.whitespace.inverted
        case "w": return .word
        case "W": return ByteSet.word.inverted
        case "x":
            guard position + 2 <= scalars.count,
                  let value = UInt8(String(String.UnicodeScalarView(scalars[position..<position + 2])), radix: 16)
            else { throw error("expected two hexadecimal digits after \\x", at: position) }
            position += 2
            return .single(value)
        default:
            if RegexParser.isAlphanumeric(s) { throw error("unsupported escape '\\\(s)'", at: start) }
            return .single(UInt8(s.value))
        }
    }

    mutating func parseClass() throws(FilterPatternError) -> ByteSet {
        let start = position
        position += 1
        var negated = false
        if position < scalars.count, scalars[position] == "^" { negated = true; position += 1 }
        var set = ByteSet()
        var first = true
        while true {
            guard position < scalars.count else { throw error("expected ']' to close the character class", at: start) }
            let s = scalars[position]
            if s == "]" && !first { position += 1; break }
            first = false
            var low: UInt8
            if s == "\\" {
                let escaped = try parseEscape(inClass: true)
                // A class escape (\d, \w, ...) cannot start a range.
                if escaped.words.0.nonzeroBitCount + escaped.words.1.nonzeroBitCount
                    + escaped.words.2.nonzeroBitCount + escaped.words.3.nonzeroBitCount != 1 {
                    set.formUnion(escaped)
                    continue
                }
                low = (0...255).first { escaped.contains(UInt8($0)) }.map { UInt8($0) } ?? 0
            } else {
                low = UInt8(s.value)
                position += 1
            }
            if position + 1 < scalars.count, scalars[position] == "-", scalars[position + 1] != "]" {
                position += 1
                var high: UInt8
                if scalars[position] == "\\" {
                    let escaped = try parseEscape(inClass: true)
                    guard let h = (0...255).first(where: { escaped.contains(UInt8($0)) }) else { throw error("invalid range end") }
                    high = UInt8(h)
                } else {
                    high = UInt8(scalars[position].value)
                    position += 1
                }
                guard low <= high else { throw error("range out of order in a character class", at: position - 1) }
                set.insert(low...high)
            } else {
                set.insert(low)
            }
        }
        return negated ? set.inverted : set
    }

    /// `?`, `*`, `+`, `{m,n}`, `{m}`, `{m,}`, `{,n}` (spaces allowed inside the braces).
    mutating func parseQuantifier() throws(FilterPatternError) -> (Int, Int)? {
        switch scalars[position] {
        case "?": position += 1; return (0, 1)
        case "*": position += 1; return (0, Int.max)
        case "+": position += 1; return (1, Int.max)
        case "{":
            let start = position
            position += 1
            func skipSpaces(_ p: inout RegexParser) { while p.position < p.scalars.count, p.scalars[p.position] == " " { p.position += 1 } }
            skipSpaces(&self)
            let minimum = readInt()
            skipSpaces(&self)
            var maximum = minimum
            if position < scalars.count, scalars[position] == "," {
                position += 1
                skipSpaces(&self)
                maximum = readInt()
                skipSpaces(&self)
                if maximum == nil { maximum = Int.max }
            }
            guard position < scalars.count, scalars[position] == "}" else { throw error("expected '}' to close the repetition", at: position) }
            position += 1
            let low = minimum ?? 0
            guard let high = maximum ?? (minimum == nil ? nil : low) else {
                throw error("expected a number in the repetition", at: start + 1)
            }
            guard low <= high else { throw error("the minimum of a repetition is larger than its maximum", at: start) }
            guard low <= 1000, high == Int.max || high <= 1000 else { throw error("repetition counts above 1000 are not supported", at: start) }
            return (low, high)
        default:
            return nil
        }
    }

    mutating func readInt() -> Int? {
        var value: Int?
        while position < scalars.count, ("0"..."9").contains(scalars[position]) {
            // Capped: counts above 1000 are rejected anyway, and this cannot overflow.
            value = min((value ?? 0) * 10 + Int(scalars[position].value - 48), 1_000_000)
            position += 1
        }
        return value
    }
}

/// Backtracking search with a memo of (term, position) pairs known to fail: since a term's
/// outcome at a position does not depend on how the search got there, each pair is tried once.
struct RegexSearch {
    let terms: [FilterRegex.RegexTerm]
    let text: UnsafeBufferPointer<UInt8>
    var failed: [UInt64]

    init(terms: [FilterRegex.RegexTerm], text: UnsafeBufferPointer<UInt8>) {
        self.terms = terms
        self.text = text
        self.failed = []
    }

    mutating func run() -> Bool {
        if terms.isEmpty { return true }
        let bits = terms.count * (text.count + 1)
        failed = [UInt64](repeating: 0, count: (bits + 63) / 64)
        // A leading '^' only matches at 0, so skip the other start positions.
        if case .startAnchor = terms[0].atom { return match(0, 0) }
        for start in 0...text.count where match(0, start) { return true }
        return false
    }

    mutating func match(_ termIndex: Int, _ position: Int) -> Bool {
        if termIndex == terms.count { return true }
        let key = termIndex * (text.count + 1) + position
        if failed[key >> 6] & (1 << UInt64(key & 63)) != 0 { return false }
        let term = terms[termIndex]
        var result = false
        switch term.atom {
        case .startAnchor: result = position == 0 && match(termIndex + 1, position)
        case .endAnchor: result = position == text.count && match(termIndex + 1, position)
        case .byteSet(let set):
            var count = 0
            var p = position
            while count < term.maximum, p < text.count, set.contains(text[p]) { count += 1; p += 1 }
            if count >= term.minimum {
                // Greedy: try the longest repetition first.
                while true {
                    if match(termIndex + 1, position + count) { result = true; break }
                    if count == term.minimum { break }
                    count -= 1
                }
            }
        }
        if !result { failed[key >> 6] |= 1 << UInt64(key & 63) }
        return result
    }
}
