/// Limits on a string: lengths, character set, forbidden characters and prefixes, and named
/// extra rules (such as S3's DNS rules) that a JSON Schema pattern cannot express.
public struct StringConstraints: Sendable {
    public var minLength: Int?
    public var maxLength: Int?
    public var allowed: CharacterSetRule?
    /// Characters that may not appear anywhere.
    public var forbiddenCharacters: String
    /// Prefixes the value may not start with, e.g. "AWS/" for a metric namespace.
    public var forbiddenPrefixes: [String]
    public var rules: [StringRule]
    /// YAML numbers are accepted and kept as their text (e.g. `value_version: 2`).
    public var acceptsNumbers: Bool
    /// The value is an ARN: a literal must look like one, and a reference must name an
    /// ARN-typed attribute (`${alerts.arn}`, never `${alerts.name}`).
    public var isARN = false

    public init(minLength: Int? = nil, maxLength: Int? = nil, allowed: CharacterSetRule? = nil,
                forbiddenCharacters: String = "", forbiddenPrefixes: [String] = [],
                rules: [StringRule] = [], acceptsNumbers: Bool = false) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.allowed = allowed
        self.forbiddenCharacters = forbiddenCharacters
        self.forbiddenPrefixes = forbiddenPrefixes
        self.rules = rules
        self.acceptsNumbers = acceptsNumbers
    }

    public static let any = StringConstraints()

    /// An ARN of at most `maxLength` characters.
    public static func arn(maxLength: Int = 2048) -> StringConstraints {
        var constraints = StringConstraints(minLength: 1, maxLength: maxLength, rules: [.arn])
        constraints.isARN = true
        return constraints
    }

    /// Problems with `text`, as sentence fragments ("is 70 characters long; the maximum is 64").
    public func problems(with text: String) -> [String] {
        let length = text.unicodeScalars.count
        var out: [String] = []
        if let min = minLength, length < min {
            out.append(length == 0 ? "is empty" : "is \(length) characters long; the minimum is \(min)")
        }
        if let max = maxLength, length > max {
            out.append("is \(length) characters long; the maximum is \(max)")
        }
        if let allowed, let bad = text.unicodeScalars.first(where: { !allowed.contains($0) }) {
            out.append("contains \(Self.quoted(bad)), but only \(allowed.description) are allowed")
        }
        if let bad = text.unicodeScalars.first(where: { forbiddenCharacters.unicodeScalars.contains($0) }) {
            out.append("may not contain \(Self.quoted(bad))")
        }
        for prefix in forbiddenPrefixes where text.hasPrefix(prefix) {
            out.append("may not start with '\(prefix)'")
        }
        if out.isEmpty {
            for rule in rules {
                if let problem = rule.check(text) { out.append(problem) }
            }
        }
        return out
    }

    private static func quoted(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": return "a space"
        case "\t": return "a tab"
        case "\n": return "a line break"
        default:
            return scalar.properties.isWhitespace || scalar.value < 0x20
                ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "'\(Character(scalar))'"
        }
    }
}

/// A set of allowed characters, described for people and as a regular-expression class.
public struct CharacterSetRule: Sendable {
    /// Inclusive ASCII ranges such as ("a", "z").
    public var ranges: [ClosedRange<Unicode.Scalar>]
    /// Single extra characters.
    public var extra: String
    /// "letters, digits and /_+=.@-"
    public var description: String

    public init(ranges: [ClosedRange<Unicode.Scalar>], extra: String, description: String) {
        self.ranges = ranges
        self.extra = extra
        self.description = description
    }

    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar) } || extra.unicodeScalars.contains(scalar)
    }

    /// The class body for a regular expression, e.g. `A-Za-z0-9/_+=.@\-`.
    public var regexClass: String {
        var out = ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined()
        for c in extra.unicodeScalars {
            if "\\]^-[".unicodeScalars.contains(c) { out += "\\" }
            out += String(c)
        }
        return out
    }

    public static func alphanumeric(plus extra: String, _ description: String) -> CharacterSetRule {
        CharacterSetRule(ranges: ["A"..."Z", "a"..."z", "0"..."9"], extra: extra, description: description)
    }

    /// Letters, digits and the characters of `extra`, described as such.
    public static func alphanumeric(plus extra: String) -> CharacterSetRule {
        alphanumeric(plus: extra, "letters, digits and \(extra)")
    }

    /// Lowercase letters, digits and the one character `extra`.
    public static func lowercase(plus extra: String) -> CharacterSetRule {
        CharacterSetRule(ranges: ["a"..."z", "0"..."9"], extra: extra, description: "lowercase letters, digits and '\(extra)'")
    }
}

/// A named rule a pattern cannot say, e.g. "not formatted as an IP address".
public struct StringRule: Sendable {
    /// For the docs: what the rule requires.
    public var summary: String
    /// Returns the problem as a sentence fragment, or nil when the text is fine.
    public var check: @Sendable (String) -> String?

    public init(_ summary: String, check: @escaping @Sendable (String) -> String?) {
        self.summary = summary
        self.check = check
    }

    /// `arn:partition:service:region:account:resource` (region and account may be empty).
    public static let arn = StringRule("an ARN (`arn:partition:service:region:account:resource`)") { text in
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let ok = parts.count == 6 && parts[0] == "arn" && !parts[1].isEmpty && !parts[2].isEmpty && !parts[5].isEmpty
        return ok ? nil : "is not an ARN (arn:partition:service:region:account:resource)"
    }
}

/// Limits on an integer.
public struct IntegerConstraints: Sendable {
    public var minimum: Int?
    public var maximum: Int?
    /// When non-empty, the only values accepted.
    public var allowedValues: [Int]
    public var rules: [IntegerRule]

    public init(minimum: Int? = nil, maximum: Int? = nil, allowedValues: [Int] = [], rules: [IntegerRule] = []) {
        self.minimum = minimum
        self.maximum = maximum
        self.allowedValues = allowedValues
        self.rules = rules
    }

    public func problems(with value: Int) -> [String] {
        var out: [String] = []
        if !allowedValues.isEmpty, !allowedValues.contains(value) {
            out.append("must be one of \(allowedValues.map(String.init).joined(separator: ", "))")
        }
        if let min = minimum, value < min { out.append("must be at least \(min)") }
        if let max = maximum, value > max { out.append("must be at most \(max)") }
        if out.isEmpty {
            for rule in rules { if let problem = rule.check(value) { out.append(problem) } }
        }
        return out
    }
}

public struct IntegerRule: Sendable {
    public var summary: String
    /// For the JSON Schema: alternatives such as `[{"enum": [10, 20, 30]}, {"multipleOf": 60}]`.
    public var schemaAlternatives: [[String: JSONValue]]
    public var check: @Sendable (Int) -> String?

    public init(_ summary: String, schemaAlternatives: [[String: JSONValue]] = [], check: @escaping @Sendable (Int) -> String?) {
        self.summary = summary
        self.schemaAlternatives = schemaAlternatives
        self.check = check
    }
}
