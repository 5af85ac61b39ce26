/// An EventBridge event pattern, parsed and evaluated offline, as the EventBridge user guide
/// ("Content filtering in Amazon EventBridge event patterns", "Comparison operators for use in
/// event patterns") describes it: exact values, `prefix`, `suffix` (each optionally
/// `equals-ignore-case`), `anything-but` (values, `prefix`, `suffix`, `equals-ignore-case`,
/// `wildcard`), `numeric`, `exists`, `equals-ignore-case`, `wildcard`, IPv4 `cidr`, and `$or`.
///
/// Assumptions where the guide is silent (change the rule and its test together if AWS differs):
/// a nested pattern on a missing object is matched against an empty object (so only
/// `exists: false` leaves can hold); `exists: true` holds for present scalars and non-empty
/// arrays, not for objects; `anything-but` needs the field to be present.
public struct EventPattern: Sendable, Hashable {
    let root: PatternObject

    public init(_ text: String) throws(EventPatternError) {
        let json: EventJSON
        do { json = try EventJSONParser.parse(text) } catch { throw EventPatternError("the pattern is not JSON: \(error)") }
        root = try PatternObject(json, path: "")
        if root.fields.isEmpty && root.alternatives.isEmpty { throw EventPatternError("the pattern is empty; it must name at least one field") }
    }

    public func matches(_ event: EventJSON) -> Bool { root.matches(event) }

    public func matches(json text: String) -> Bool {
        guard let event = try? EventJSONParser.parse(text) else { return false }
        return matches(event)
    }
}

public struct EventPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

struct PatternObject: Sendable, Hashable {
    enum Field: Sendable, Hashable {
        case nested(PatternObject)
        case matchers([Matcher])
    }
    var fields: [(key: String, field: Field)]
    /// Each `$or`: one of the alternatives must hold.
    var alternatives: [[PatternObject]]

    static func == (a: PatternObject, b: PatternObject) -> Bool {
        a.fields.map(\.key) == b.fields.map(\.key) && a.fields.map(\.field) == b.fields.map(\.field) && a.alternatives == b.alternatives
    }
    func hash(into hasher: inout Hasher) { hasher.combine(fields.map(\.key)) }

    init(_ json: EventJSON, path: String) throws(EventPatternError) {
        guard case .object(let members) = json else { throw EventPatternError("\(path.isEmpty ? "the pattern" : path) must be an object") }
        fields = []
        alternatives = []
        for member in members {
            let here = path.isEmpty ? member.key : "\(path).\(member.key)"
            if member.key == "$or" {
                guard case .array(let items) = member.value, items.count >= 2 else {
                    throw EventPatternError("\(here) must be an array of at least two patterns")
                }
                var options: [PatternObject] = []
                for item in items { options.append(try PatternObject(item, path: here)) }
                alternatives.append(options)
                continue
            }
            switch member.value {
            case .object: fields.append((member.key, .nested(try PatternObject(member.value, path: here))))
            case .array(let items):
                guard !items.isEmpty else { throw EventPatternError("\(here) is an empty array, which matches nothing") }
                var matchers: [Matcher] = []
                for item in items { matchers.append(try Matcher(item, path: here)) }
                fields.append((member.key, .matchers(matchers)))
            default:
                throw EventPatternError("\(here) must be an array of values or matchers, e.g. [\(member.value.scalarText.map { "\"\($0)\"" } ?? "...")]")
            }
        }
    }

    func matches(_ event: EventJSON) -> Bool {
        for (key, field) in fields {
            let value = event[key]
            switch field {
            case .nested(let pattern):
                if let value, case .object = value { if !pattern.matches(value) { return false } }
                else if value == nil { if !pattern.matches(.object([])) { return false } }
                else { return false }
            case .matchers(let matchers):
                guard let value else {
                    if !matchers.contains(where: { $0 == .exists(false) }) { return false }
                    continue
                }
                let candidates: [EventJSON]
                if case .array(let items) = value { candidates = items } else { candidates = [value] }
                if !matchers.contains(where: { m in m.holds(for: value, candidates: candidates) }) { return false }
            }
        }
        return alternatives.allSatisfy { options in options.contains { $0.matches(event) } }
    }
}

indirect enum Matcher: Sendable, Hashable {
    case exact(EventJSON)
    case prefix(String, ignoreCase: Bool)
    case suffix(String, ignoreCase: Bool)
    case equalsIgnoreCase(String)
    case wildcard(String)
    case anythingBut([Matcher])
    case numeric([NumericCondition])
    case exists(Bool)
    case cidr(IPv4Range)

    struct NumericCondition: Sendable, Hashable {
        var op: ComparisonOperator
        var value: Double
        func holds(_ x: Double) -> Bool { op.holds(x, value) }
    }

    init(_ json: EventJSON, path: String) throws(EventPatternError) {
        switch json {
        case .string, .number, .bool, .null: self = .exact(json)
        case .array: throw EventPatternError("\(path): a matcher cannot be an array")
        case .object(let members):
            guard members.count == 1, let member = members.first else {
                throw EventPatternError("\(path): a matcher object has exactly one key, such as {\"prefix\": \"x\"}")
            }
            self = try Matcher(operator: member.key, member.value, path: path)
        }
    }

    init(operator name: String, _ value: EventJSON, path: String) throws(EventPatternError) {
        func text(_ what: String) throws(EventPatternError) -> String {
            guard case .string(let s) = value else { throw EventPatternError("\(path): \(what) takes a string") }
            return s
        }
        /// `{"prefix": "x"}` or `{"prefix": {"equals-ignore-case": "x"}}`.
        func affix() throws(EventPatternError) -> (String, Bool) {
            if case .object(let inner) = value, inner.count == 1, inner[0].key == "equals-ignore-case", case .string(let s) = inner[0].value {
                return (s, true)
            }
            return (try text(name), false)
        }
        switch name {
        case "prefix": let (s, i) = try affix(); self = .prefix(s, ignoreCase: i)
        case "suffix": let (s, i) = try affix(); self = .suffix(s, ignoreCase: i)
        case "equals-ignore-case": self = .equalsIgnoreCase(try text(name))
        case "wildcard":
            let pattern = try text(name)
            if pattern.contains("**") { throw EventPatternError("\(path): consecutive wildcards (**) are not allowed") }
            self = .wildcard(pattern)
        case "exists":
            guard case .bool(let b) = value else { throw EventPatternError("\(path): exists takes true or false") }
            self = .exists(b)
        case "cidr":
            guard let range = IPv4Range(try text(name)) else {
                throw EventPatternError("\(path): cidr takes an IPv4 block such as 10.0.0.0/24 (IPv6 is not evaluated offline)")
            }
            self = .cidr(range)
        case "numeric":
            guard case .array(let items) = value, items.count == 2 || items.count == 4 else {
                throw EventPatternError("\(path): numeric takes [op, number] or [op, number, op, number]")
            }
            var conditions: [NumericCondition] = []
            var i = 0
            while i < items.count {
                guard case .string(let text) = items[i], let op = ComparisonOperator(rawValue: text), op != .notEqual,
                      case .number(let n, _) = items[i + 1] else {
                    throw EventPatternError("\(path): numeric expects an operator (< <= = > >=) then a number")
                }
                conditions.append(NumericCondition(op: op, value: n))
                i += 2
            }
            self = .numeric(conditions)
        case "anything-but":
            switch value {
            case .string, .number: self = .anythingBut([.exact(value)])
            case .array(let items):
                var excluded: [Matcher] = []
                for item in items {
                    guard item.scalarText != nil else { throw EventPatternError("\(path): anything-but lists strings or numbers") }
                    excluded.append(.exact(item))
                }
                self = .anythingBut(excluded)
            case .object(let inner) where inner.count == 1:
                let key = inner[0].key
                guard ["prefix", "suffix", "equals-ignore-case", "wildcard"].contains(key) else {
                    throw EventPatternError("\(path): anything-but takes a value, a list, or one of prefix, suffix, equals-ignore-case, wildcard")
                }
                if case .array(let list) = inner[0].value {
                    var excluded: [Matcher] = []
                    for item in list { excluded.append(try Matcher(operator: key, item, path: path)) }
                    self = .anythingBut(excluded)
                } else {
                    self = .anythingBut([try Matcher(operator: key, inner[0].value, path: path)])
                }
            default: throw EventPatternError("\(path): anything-but takes a value, a list, or a matcher object")
            }
        default:
            throw EventPatternError("\(path): unknown matcher '\(name)' (prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard, cidr)")
        }
    }

    /// Whether the field's `value` (its elements `candidates`, for an array) satisfies this.
    func holds(for value: EventJSON, candidates: [EventJSON]) -> Bool {
        switch self {
        case .exists(let wanted):
            if case .object = value { return !wanted }
            return wanted == !candidates.isEmpty
        default: return candidates.contains { holds($0) }
        }
    }

    func holds(_ c: EventJSON) -> Bool {
        switch self {
        case .exact(let want):
            switch (want, c) {
            case (.number(let a, _), .number(let b, _)): return a == b
            case (.null, .null): return true
            case (.bool(let a), .bool(let b)): return a == b
            case (.string(let a), .string(let b)): return a == b
            default: return false
            }
        case .prefix(let p, let ignoreCase):
            guard case .string(let s) = c else { return false }
            return ignoreCase ? s.lowercased().hasPrefix(p.lowercased()) : s.hasPrefix(p)
        case .suffix(let p, let ignoreCase):
            guard case .string(let s) = c else { return false }
            return ignoreCase ? s.lowercased().hasSuffix(p.lowercased()) : s.hasSuffix(p)
        case .equalsIgnoreCase(let p):
            guard case .string(let s) = c else { return false }
            return s.lowercased() == p.lowercased()
        case .wildcard(let p):
            guard case .string(let s) = c else { return false }
            return Self.wildcardMatch(Array(p), Array(s))
        case .anythingBut(let excluded):
            guard c.scalarText != nil else { return false }
            return !excluded.contains { $0.holds(c) }
        case .numeric(let conditions):
            guard case .number(let x, _) = c else { return false }
            return conditions.allSatisfy { $0.holds(x) }
        case .exists: return true
        case .cidr(let range):
            guard case .string(let s) = c else { return false }
            return range.contains(s)
        }
    }

    /// `*` is any run of characters; `\*` a literal star and `\\` a backslash.
    static func wildcardMatch(_ p: [Character], _ s: [Character]) -> Bool {
        var tokens: [Character?] = []  // nil = wildcard
        var i = 0
        while i < p.count {
            if p[i] == "\\", i + 1 < p.count { tokens.append(p[i + 1]); i += 2; continue }
            tokens.append(p[i] == "*" ? nil : p[i])
            i += 1
        }
        // Greedy with backtracking to the last star: linear for patterns without stars.
        var (t, x, starT, starX) = (0, 0, -1, 0)
        while x < s.count {
            if t < tokens.count, let ch = tokens[t], ch == s[x] { t += 1; x += 1 }
            else if t < tokens.count, tokens[t] == nil { starT = t; starX = x; t += 1 }
            else if starT >= 0 { t = starT + 1; starX += 1; x = starX }
            else { return false }
        }
        while t < tokens.count, tokens[t] == nil { t += 1 }
        return t == tokens.count
    }
}

struct IPv4Range: Sendable, Hashable {
    var network: UInt32
    var mask: UInt32

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits), let address = Self.address(String(parts[0])) else { return nil }
        mask = bits == 0 ? 0 : UInt32.max << (32 - UInt32(bits))
        network = address & mask
    }

    func contains(_ ip: String) -> Bool {
        guard let address = Self.address(ip) else { return false }
        return address & mask == network
    }

    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let n = UInt32(octet), n <= 255, octet.count <= 3 else { return nil }
            value = value << 8 | n
        }
        return value
    }
}
