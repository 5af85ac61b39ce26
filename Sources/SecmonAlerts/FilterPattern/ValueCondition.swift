/// The right-hand side of a comparison in JSON and space-delimited patterns, and how a value
/// from an event is compared with it.
enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    var isEquality: Bool { self == .equal || self == .notEqual }
}

enum ConditionValue: Sendable, Hashable {
    /// A string, quoted or not, with `*` wildcards at its start and/or end.
    case text(GlobText)
    /// A number as AWS documents it: optional sign, integer or decimal, optional exponent.
    case number(Double, text: String)
    case regex(FilterRegex)
}

/// Text with an optional `*` wildcard at either end. A `*` elsewhere is a literal: the only
/// place AWS is explicit ("Ev*ent will only match the actual string Ev*ent", Filter and Pattern
/// Syntax, "Matching JSON Terms Using Metric Filters").
struct GlobText: Sendable, Hashable {
    var literal: String
    var anyPrefix: Bool
    var anySuffix: Bool

    init(_ raw: String) {
        var scalars = Substring(raw)
        anyPrefix = scalars.hasPrefix("*")
        if anyPrefix { scalars = scalars.dropFirst() }
        anySuffix = scalars.hasSuffix("*")
        if anySuffix { scalars = scalars.dropLast() }
        literal = String(scalars)
    }

    func matches(_ text: String) -> Bool {
        switch (anyPrefix, anySuffix) {
        case (false, false): return text == literal
        case (true, false): return text.hasSuffix(literal)
        case (false, true): return text.hasPrefix(literal)
        case (true, true): return literal.isEmpty || text.contains(literal)
        }
    }
}

enum NumberSyntax {
    /// AWS's number grammar: `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`.
    static func parse(_ text: String) -> Double? {
        var it = Array(text.utf8)[...]
        guard !it.isEmpty else { return nil }
        if it.first == UInt8(ascii: "+") || it.first == UInt8(ascii: "-") { it = it.dropFirst() }
        func digits(_ s: inout ArraySlice<UInt8>) -> Int {
            var n = 0
            while let c = s.first, c >= 48, c <= 57 { s = s.dropFirst(); n += 1 }
            return n
        }
        var mantissa = digits(&it)
        if it.first == UInt8(ascii: ".") { it = it.dropFirst(); mantissa += digits(&it) }
        guard mantissa > 0 else { return nil }
        if let c = it.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            it = it.dropFirst()
            if it.first == UInt8(ascii: "+") || it.first == UInt8(ascii: "-") { it = it.dropFirst() }
            guard digits(&it) > 0 else { return nil }
        }
        guard it.isEmpty else { return nil }
        let unsigned = text.hasPrefix("+") ? String(text.dropFirst()) : text
        return Double(unsigned)
    }
}

struct ValueComparison: Sendable, Hashable {
    var op: ComparisonOperator
    var value: ConditionValue

    /// Compares one scalar from an event (its text, as written in the event).
    ///
    /// Assumptions where AWS is silent: a numeric right-hand side compares numerically when the
    /// event's value reads as a number (JSON numbers, and strings such as CloudTrail's
    /// `"recipientAccountId": "123456789012"`); otherwise `=` is false, `!=` true, and the
    /// ordering operators false. `!=` with a regular expression means "does not match".
    func holds(for text: String) -> Bool {
        switch value {
        case .text(let glob):
            let equal = glob.matches(text)
            return op == .notEqual ? !equal : equal
        case .regex(let regex):
            let found = regex.matches(text)
            return op == .notEqual ? !found : found
        case .number(let number, _):
            guard let actual = NumberSyntax.parse(text) else { return op == .notEqual }
            return op.holds(actual, number)
        }
    }
}

extension ComparisonOperator {
    /// `a op b` for numbers (filter patterns, and EventBridge's `numeric`).
    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }
}

extension PatternScanner {
    /// `=`, `!=`, `<`, `<=`, `>`, `>=` at the cursor.
    mutating func readOperator() -> ComparisonOperator? {
        if consume("!=") { return .notEqual }
        if consume("<=") { return .lessOrEqual }
        if consume(">=") { return .greaterOrEqual }
        if consume("=") { return .equal }
        if consume("<") { return .less }
        if consume(">") { return .greater }
        return nil
    }

    /// The value after an operator: `"quoted"`, `%regex%`, a number, or unquoted text that
    /// runs until a blank or one of `stoppers`.
    mutating func readConditionValue(
        after op: ComparisonOperator, operatorOffset: Int, stoppers: Set<Unicode.Scalar>
    ) throws(FilterPatternError) -> ConditionValue {
        skipBlanks()
        let start = position
        // A value never starts with an operator character: `= =` is a typo, not the text "=".
        guard let c = current, !stoppers.contains(c), !["=", "!", "<", ">"].contains(c) else {
            throw error("expected a value after '\(op.rawValue)', found \(found)")
        }
        let value: ConditionValue
        if c == "\"" {
            value = .text(GlobText(try readQuoted()))
        } else if c == "%" {
            value = .regex(try readRegex())
        } else {
            var raw = String.UnicodeScalarView()
            while let c = current, !PatternScanner.isBlank(c), !stoppers.contains(c), c != "\"" {
                raw.append(c)
                position += 1
            }
            let text = String(raw)
            if let number = NumberSyntax.parse(text) {
                value = .number(number, text: text)
            } else {
                value = .text(GlobText(text))
            }
        }
        if !op.isEquality {
            guard case .number = value else {
                throw error("expected a number after '\(op.rawValue)' (only = and != compare text)", at: start)
            }
        }
        return value
    }
}
