/// A space-delimited pattern, `[ip, user, ..., status_code = 4*, bytes > 1000]`
/// (FilterAndPatternSyntax, "Using filter patterns to match terms in space-delimited log events").
///
/// Each entry is `...` (any number of fields, zero included), a field name with an optional
/// condition (`status_code = 4* && status_code != 403`, `w1=ERROR || w1=WARN`), or empty (an
/// unnamed field: the documented `[..., request=*.html*, status_code=4*,]` extracts a `$7`).
/// Assumptions where AWS is silent: without `...` the event must have exactly as many fields as
/// the pattern has entries; fields are separated by runs of spaces or tabs; a condition may name
/// another entry's field, and a name no entry binds makes its comparison false.
struct SpaceDelimitedPattern: Sendable, Hashable {
    enum Entry: Sendable, Hashable {
        case ellipsis
        case field(name: String?, condition: FieldCondition?)
    }

    indirect enum FieldCondition: Sendable, Hashable {
        case and(FieldCondition, FieldCondition)
        case or(FieldCondition, FieldCondition)
        case compare(field: String, ValueComparison)

        func holds(_ fields: [String: String]) -> Bool {
            switch self {
            case .and(let a, let b): return a.holds(fields) && b.holds(fields)
            case .or(let a, let b): return a.holds(fields) || b.holds(fields)
            case .compare(let field, let comparison):
                guard let value = fields[field] else { return false }
                return comparison.holds(for: value)
            }
        }

        var regexCount: Int {
            switch self {
            case .and(let a, let b), .or(let a, let b): return a.regexCount + b.regexCount
            case .compare(_, let c): if case .regex = c.value { return 1 }; return 0
            }
        }

        var fieldNames: Set<String> {
            switch self {
            case .and(let a, let b), .or(let a, let b): return a.fieldNames.union(b.fieldNames)
            case .compare(let field, _): return [field]
            }
        }
    }

    var entries: [Entry]

    var regexCount: Int {
        entries.reduce(0) { total, entry in
            if case .field(_, let condition?) = entry { return total + condition.regexCount }
            return total
        }
    }

    var fieldNames: Set<String> {
        Set(entries.compactMap { if case .field(let name?, _) = $0 { return name }; return nil })
    }

    // MARK: Matching

    /// Whether every condition names only its own field, so it can be checked as soon as the
    /// field is bound and failed alignments can be remembered.
    var conditionsAreLocal: Bool {
        entries.allSatisfy { entry in
            guard case .field(let name, let condition?) = entry else { return true }
            return condition.fieldNames.allSatisfy { $0 == name }
        }
    }

    /// With conditions naming other fields, alignments are enumerated; past this many the event
    /// is treated as not matching (only patterns with several `...` on long lines get there).
    static let maximumAlignments = 100_000

    func match(_ message: String) -> FilterMatch? {
        let tokens = SpaceDelimitedPattern.fields(of: message)
        var search = Alignment(pattern: self, tokens: tokens, local: conditionsAreLocal)
        return search.run()
    }

    /// Finds how the entries cover the event's fields, ellipses taking as many as needed
    /// (the longest first), with a memo of (entry, field) positions known to fail.
    private struct Alignment {
        let pattern: SpaceDelimitedPattern
        let tokens: [String]
        let local: Bool
        var binding: [Int?]
        /// entry -> field it is bound to, for checking conditions without scanning every field.
        var entryField: [Int?]
        var failed: Set<Int> = []
        var attempts = 0

        init(pattern: SpaceDelimitedPattern, tokens: [String], local: Bool) {
            self.pattern = pattern
            self.tokens = tokens
            self.local = local
            self.binding = [Int?](repeating: nil, count: tokens.count)
            self.entryField = [Int?](repeating: nil, count: pattern.entries.count)
        }

        mutating func run() -> FilterMatch? { align(0, 0) }

        mutating func align(_ entryIndex: Int, _ tokenIndex: Int) -> FilterMatch? {
            let key = entryIndex * (tokens.count + 1) + tokenIndex
            if local && failed.contains(key) { return nil }
            attempts += 1
            if attempts > SpaceDelimitedPattern.maximumAlignments { return nil }
            let result = step(entryIndex, tokenIndex)
            if result == nil && local { failed.insert(key) }
            return result
        }

        private mutating func step(_ entryIndex: Int, _ tokenIndex: Int) -> FilterMatch? {
            let entries = pattern.entries
            if entryIndex == entries.count {
                guard tokenIndex == tokens.count else { return nil }
                return pattern.check(tokens: tokens, binding: binding, entryField: entryField)
            }
            switch entries[entryIndex] {
            case .ellipsis:
                for next in stride(from: tokens.count, through: tokenIndex, by: -1) {
                    if let found = align(entryIndex + 1, next) { return found }
                }
                return nil
            case .field(let name, let condition):
                guard tokenIndex < tokens.count else { return nil }
                if local, let name, let condition, !condition.holds([name: tokens[tokenIndex]]) { return nil }
                binding[tokenIndex] = entryIndex
                entryField[entryIndex] = tokenIndex
                defer { binding[tokenIndex] = nil; entryField[entryIndex] = nil }
                return align(entryIndex + 1, tokenIndex + 1)
            }
        }
    }

    fileprivate func check(tokens: [String], binding: [Int?], entryField: [Int?]) -> FilterMatch? {
        var named: [String: String] = [:]
        for (entry, field) in zip(entries, entryField) {
            if case .field(let name?, _) = entry, let field { named[name] = tokens[field] }
        }
        for entry in entries {
            if case .field(_, let condition?) = entry, !condition.holds(named) { return nil }
        }
        var extracted: [String: String] = [:]
        for (i, token) in tokens.enumerated() {
            if let entry = binding[i], case .field(let name?, _) = entries[entry] {
                extracted["$" + name] = token
            } else {
                extracted["$\(i + 1)"] = token
            }
        }
        return FilterMatch(extractedValues: extracted)
    }

    /// Splits an event into fields: runs of spaces/tabs separate them; text between double
    /// quotes or between `[` and `]` is one field (without its quotes or brackets).
    static func fields(of message: String) -> [String] {
        var fields: [String] = []
        let bytes = Array(message.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            let closer: UInt8? = b == UInt8(ascii: "\"") ? UInt8(ascii: "\"") : (b == UInt8(ascii: "[") ? UInt8(ascii: "]") : nil)
            if let closer {
                var j = i + 1
                while j < bytes.count, bytes[j] != closer { j += 1 }
                fields.append(String(decoding: bytes[(i + 1)..<j], as: UTF8.self))
                i = j + 1
            } else {
                var j = i
                while j < bytes.count, bytes[j] != 0x20, bytes[j] != 0x09, bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
                fields.append(String(decoding: bytes[i..<j], as: UTF8.self))
                i = j
            }
        }
        return fields
    }

    // MARK: Parsing

    static let valueStoppers: Set<Unicode.Scalar> = [",", "]", "&", "|"]

    /// The cursor is on `[`; parses to the matching `]`.
    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> SpaceDelimitedPattern {
        scanner.position += 1
        var entries: [Entry] = []
        while true {
            scanner.skipBlanks()
            guard let c = scanner.current else { throw scanner.error("expected ']' to close the pattern") }
            if c == "," || c == "]" {
                // An empty entry: an unnamed field. A lone `[]` has no fields at all.
                if !(c == "]" && entries.isEmpty) { entries.append(.field(name: nil, condition: nil)) }
            } else if scanner.consume("...") {
                // Consecutive ellipses mean the same as one.
                if entries.last != .ellipsis { entries.append(.ellipsis) }
            } else if c == "\u{2026}" {
                scanner.position += 1
                if entries.last != .ellipsis { entries.append(.ellipsis) }
            } else {
                entries.append(try parseField(&scanner))
            }
            scanner.skipBlanks()
            if scanner.current == "," { scanner.position += 1; continue }
            if scanner.current == "]" { scanner.position += 1; break }
            throw scanner.error("expected ',' or ']', found \(scanner.found)")
        }
        return SpaceDelimitedPattern(entries: entries)
    }

    static func parseField(_ scanner: inout PatternScanner) throws(FilterPatternError) -> Entry {
        let nameStart = scanner.position
        let name = readName(&scanner)
        guard !name.isEmpty else {
            throw scanner.error("expected a field name, '...' or ',', found \(scanner.found)", at: nameStart)
        }
        scanner.skipBlanks()
        if scanner.current == "," || scanner.current == "]" { return .field(name: name, condition: nil) }
        if scanner.atEnd { throw scanner.error("expected ',' or ']', found the end of the pattern") }
        // The entry's own name starts its condition.
        scanner.position = nameStart
        return .field(name: name, condition: try parseOr(&scanner))
    }

    static func readName(_ scanner: inout PatternScanner) -> String {
        var name = String.UnicodeScalarView()
        while let c = scanner.current, PatternScanner.isNameCharacter(c) { name.append(c); scanner.position += 1 }
        return String(name)
    }

    static func parseOr(_ scanner: inout PatternScanner) throws(FilterPatternError) -> FieldCondition {
        var left = try parseAnd(&scanner)
        while true {
            scanner.skipBlanks()
            guard scanner.consume("||") else { return left }
            left = .or(left, try parseAnd(&scanner))
        }
    }

    static func parseAnd(_ scanner: inout PatternScanner) throws(FilterPatternError) -> FieldCondition {
        var left = try parseComparison(&scanner)
        while true {
            scanner.skipBlanks()
            guard scanner.consume("&&") else { return left }
            left = .and(left, try parseComparison(&scanner))
        }
    }

    static func parseComparison(_ scanner: inout PatternScanner) throws(FilterPatternError) -> FieldCondition {
        scanner.skipBlanks()
        let name = readName(&scanner)
        guard !name.isEmpty else { throw scanner.error("expected a field name, found \(scanner.found)") }
        scanner.skipBlanks()
        let operatorOffset = scanner.position
        guard let op = scanner.readOperator() else {
            throw scanner.error("expected an operator (=, !=, <, <=, >, >=) after '\(name)', found \(scanner.found)")
        }
        let value = try scanner.readConditionValue(after: op, operatorOffset: operatorOffset, stoppers: valueStoppers)
        return .compare(field: name, ValueComparison(op: op, value: value))
    }
}
