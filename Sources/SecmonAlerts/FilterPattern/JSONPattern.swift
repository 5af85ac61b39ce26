/// A JSON pattern, `{ ... }` (FilterAndPatternSyntax, "Using filter patterns to match terms in
/// JSON log events"): comparisons on property selectors combined with `&&`, `||` and
/// parentheses (precedence () > && > ||).
indirect enum JSONCondition: Sendable, Hashable {
    case and(JSONCondition, JSONCondition)
    case or(JSONCondition, JSONCondition)
    case compare(JSONSelector, ValueComparison)
    case isNull(JSONSelector)
    case isBoolean(JSONSelector, Bool)
    case notExists(JSONSelector)

    /// Assumptions where AWS is silent: a selector with a wildcard holds when any selected value
    /// satisfies the condition (`NOT EXISTS`: when none is selected); a comparison never holds
    /// for a missing property, null, an array or an object (documented for arrays and objects,
    /// "both {$.users = 1} and {$.users != 1} will fail to match").
    func holds(in root: EventJSON) -> Bool {
        switch self {
        case .and(let a, let b): return a.holds(in: root) && b.holds(in: root)
        case .or(let a, let b): return a.holds(in: root) || b.holds(in: root)
        case .compare(let selector, let comparison):
            return selector.select(in: root).contains { value in
                switch value {
                case .string, .number, .bool: return comparison.holds(for: value.scalarText ?? "")
                case .null, .array, .object: return false
                }
            }
        case .isNull(let selector):
            return selector.select(in: root).contains { $0 == .null }
        case .isBoolean(let selector, let expected):
            return selector.select(in: root).contains { $0 == .bool(expected) }
        case .notExists(let selector):
            return selector.select(in: root).isEmpty
        }
    }

    var regexCount: Int {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.regexCount + b.regexCount
        case .compare(_, let comparison):
            if case .regex = comparison.value { return 1 }
            return 0
        case .isNull, .isBoolean, .notExists: return 0
        }
    }

    var selectors: [JSONSelector] {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.selectors + b.selectors
        case .compare(let s, _), .isNull(let s), .isBoolean(let s, _), .notExists(let s): return [s]
        }
    }

    var wildcardCount: Int { selectors.reduce(0) { $0 + $1.wildcardCount } }
}

/// A property selector: `$.a.b[0]`, `$.a[*]`, `$.*`, `$.['dotted.name']`.
public struct JSONSelector: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
        case anyMember
        case anyElement
    }

    var steps: [Step]
    /// The selector as written.
    public let text: String

    public var description: String { text }
    var wildcardCount: Int {
        steps.filter { if case .anyMember = $0 { return true }; if case .anyElement = $0 { return true }; return false }.count
    }

    /// Every value the selector reaches (one at most without a wildcard).
    func select(in root: EventJSON) -> [EventJSON] {
        var current = [root]
        for step in steps {
            var next: [EventJSON] = []
            for value in current {
                switch step {
                case .member(let name): if let v = value[name] { next.append(v) }
                case .index(let i): if let v = value[i] { next.append(v) }
                case .anyMember: if case .object(let members) = value { next.append(contentsOf: members.map(\.value)) }
                case .anyElement: if case .array(let elements) = value { next.append(contentsOf: elements) }
                }
            }
            if next.isEmpty { return [] }
            current = next
        }
        return current
    }

    /// A single-valued selector's value, for metric values and dimensions.
    func value(in root: EventJSON) -> EventJSON? {
        let values = select(in: root)
        return values.count == 1 ? values[0] : nil
    }

    /// The cursor is on `$`.
    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> JSONSelector {
        let start = scanner.position
        guard scanner.current == "$" else { throw scanner.error("expected a property selector starting with '$.', found \(scanner.found)") }
        scanner.position += 1
        var steps: [Step] = []
        while let c = scanner.current {
            if c == "." {
                scanner.position += 1
                if scanner.current == "*" {
                    scanner.position += 1
                    steps.append(.anyMember)
                } else if scanner.current == "[" {
                    steps.append(try parseBracket(&scanner))
                } else {
                    let name = readName(&scanner)
                    guard !name.isEmpty else {
                        throw scanner.error("expected a property name (letters, digits, '-' or '_') after '.', found \(scanner.found)")
                    }
                    steps.append(.member(name))
                }
            } else if c == "[" {
                // Array elements "must follow a property".
                guard !steps.isEmpty else { throw scanner.error("expected '.' after '$'") }
                steps.append(try parseBracket(&scanner))
            } else {
                break
            }
        }
        guard !steps.isEmpty else { throw scanner.error("expected '.' or '[' after '$'") }
        let text = String(String.UnicodeScalarView(scanner.scalars[start..<scanner.position]))
        let selector = JSONSelector(steps: steps, text: text)
        if selector.wildcardCount > 1 {
            throw scanner.error("a property selector can use at most one wildcard", at: start)
        }
        return selector
    }

    static func readName(_ scanner: inout PatternScanner) -> String {
        var name = String.UnicodeScalarView()
        while let c = scanner.current, PatternScanner.isNameCharacter(c) || c == "-" {
            name.append(c)
            scanner.position += 1
        }
        return String(name)
    }

    /// `[0]`, `[*]` or `['name']` with the cursor on `[`.
    static func parseBracket(_ scanner: inout PatternScanner) throws(FilterPatternError) -> Step {
        scanner.position += 1
        let step: Step
        if scanner.current == "*" {
            scanner.position += 1
            step = .anyElement
        } else if scanner.current == "'" {
            scanner.position += 1
            var name = String.UnicodeScalarView()
            while let c = scanner.current, c != "'" { name.append(c); scanner.position += 1 }
            guard scanner.current == "'" else { throw scanner.error("expected \"'\" to close the property name") }
            scanner.position += 1
            step = .member(String(name))
        } else {
            var digits = 0
            var index = 0
            while let c = scanner.current, ("0"..."9").contains(c) {
                index = min(index * 10 + Int(c.value - 48), 1_000_000_000)
                digits += 1
                scanner.position += 1
            }
            guard digits > 0 else { throw scanner.error("expected an array index, '*' or a quoted name after '[', found \(scanner.found)") }
            step = .index(index)
        }
        guard scanner.current == "]" else { throw scanner.error("expected ']', found \(scanner.found)") }
        scanner.position += 1
        return step
    }
}

enum JSONPatternParser {
    static let valueStoppers: Set<Unicode.Scalar> = [")", "}", "&", "|", "("]

    /// The cursor is on `{`; parses to the matching `}`.
    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> JSONCondition {
        scanner.position += 1
        let condition = try parseOr(&scanner)
        scanner.skipBlanks()
        guard scanner.current == "}" else {
            throw scanner.error("expected '&&', '||' or '}', found \(scanner.found)")
        }
        scanner.position += 1
        return condition
    }

    static func parseOr(_ scanner: inout PatternScanner) throws(FilterPatternError) -> JSONCondition {
        var left = try parseAnd(&scanner)
        while true {
            scanner.skipBlanks()
            guard scanner.consume("||") else { return left }
            left = .or(left, try parseAnd(&scanner))
        }
    }

    static func parseAnd(_ scanner: inout PatternScanner) throws(FilterPatternError) -> JSONCondition {
        var left = try parsePrimary(&scanner)
        while true {
            scanner.skipBlanks()
            guard scanner.consume("&&") else { return left }
            left = .and(left, try parsePrimary(&scanner))
        }
    }

    static func parsePrimary(_ scanner: inout PatternScanner) throws(FilterPatternError) -> JSONCondition {
        scanner.skipBlanks()
        if scanner.current == "(" {
            let open = scanner.position
            scanner.position += 1
            let inner = try parseOr(&scanner)
            scanner.skipBlanks()
            guard scanner.current == ")" else {
                throw scanner.error("expected ')' to close the '(' at offset \(open), found \(scanner.found)")
            }
            scanner.position += 1
            return inner
        }
        guard scanner.current == "$" else {
            throw scanner.error("expected a property selector ('$.name') or '(', found \(scanner.found)")
        }
        let selector = try JSONSelector.parse(&scanner)
        scanner.skipBlanks()
        let operatorOffset = scanner.position
        if scanner.consumeKeyword("IS") {
            scanner.skipBlanks()
            if scanner.consumeKeyword("NULL") { return .isNull(selector) }
            if scanner.consumeKeyword("TRUE") { return .isBoolean(selector, true) }
            if scanner.consumeKeyword("FALSE") { return .isBoolean(selector, false) }
            if scanner.consumeKeyword("NOT") {
                throw scanner.error("IS NOT is not supported; use != or NOT EXISTS", at: operatorOffset)
            }
            throw scanner.error("expected NULL, TRUE or FALSE after IS, found \(scanner.found)")
        }
        if scanner.consumeKeyword("NOT") {
            scanner.skipBlanks()
            guard scanner.consumeKeyword("EXISTS") else { throw scanner.error("expected EXISTS after NOT, found \(scanner.found)") }
            return .notExists(selector)
        }
        if scanner.consumeKeyword("EXISTS") {
            throw scanner.error("EXISTS is not supported; use '= *' or NOT EXISTS", at: operatorOffset)
        }
        guard let op = scanner.readOperator() else {
            throw scanner.error("expected an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS) after \(selector), found \(scanner.found)")
        }
        let value = try scanner.readConditionValue(after: op, operatorOffset: operatorOffset, stoppers: valueStoppers)
        return .compare(selector, ValueComparison(op: op, value: value))
    }
}
