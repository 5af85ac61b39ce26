/// A CloudWatch Logs filter pattern, parsed once and evaluated against many events.
///
/// The pattern's first non-blank character chooses its language, as on AWS: `{` a JSON
/// pattern, `[` a space-delimited pattern, `%` a regular expression, anything else terms and
/// phrases; the empty pattern matches every event. See docs/filter-patterns.md for every rule
/// and the assumptions made where AWS's documentation is silent.
public struct FilterPattern: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case matchAll, terms, regex, json, spaceDelimited
    }

    /// PutMetricFilter's limit on `filterPattern`.
    public static let maximumLength = 1024
    /// "There is a limit of 2 regex for each filter pattern."
    public static let maximumRegexCount = 2
    /// "up to three wildcard selectors in a filter pattern with compound expressions".
    public static let maximumJSONWildcards = 3

    enum Body: Sendable, Hashable {
        case matchAll
        case terms(TermPattern)
        case regex(FilterRegex)
        case json(JSONCondition)
        case spaceDelimited(SpaceDelimitedPattern)
    }

    public let source: String
    let body: Body

    public var description: String { source }

    public var kind: Kind {
        switch body {
        case .matchAll: return .matchAll
        case .terms: return .terms
        case .regex: return .regex
        case .json: return .json
        case .spaceDelimited: return .spaceDelimited
        }
    }

    /// Field names a space-delimited pattern binds (for `$name` metric values and dimensions).
    public var spaceDelimitedFieldNames: Set<String> {
        if case .spaceDelimited(let p) = body { return p.fieldNames }
        return []
    }

    public init(_ source: String) throws(FilterPatternError) {
        self.source = source
        let scalars = Array(source.unicodeScalars)
        if scalars.count > FilterPattern.maximumLength {
            throw FilterPatternError(offset: FilterPattern.maximumLength,
                                     message: "a filter pattern is at most \(FilterPattern.maximumLength) characters")
        }
        var scanner = PatternScanner(scalars)
        scanner.skipBlanks()
        switch scanner.current {
        case nil:
            body = .matchAll
        case "{":
            body = .json(try JSONPatternParser.parse(&scanner))
        case "[":
            body = .spaceDelimited(try SpaceDelimitedPattern.parse(&scanner))
        case "%":
            body = .regex(try scanner.readRegex())
        default:
            let terms = try TermPattern.parse(&scanner)
            let isEverything = terms.matchesEverything && terms.required.isEmpty && terms.excluded.isEmpty && terms.optional.isEmpty
            body = isEverything ? .matchAll : .terms(terms)
        }
        scanner.skipBlanks()
        if !scanner.atEnd {
            throw scanner.error("expected the end of the pattern, found \(scanner.found)")
        }
        try checkQuotas()
    }

    private func checkQuotas() throws(FilterPatternError) {
        switch body {
        case .json(let condition):
            if condition.regexCount > FilterPattern.maximumRegexCount {
                throw FilterPatternError(offset: 0, message: "a filter pattern can use at most \(FilterPattern.maximumRegexCount) regular expressions")
            }
            if condition.wildcardCount > FilterPattern.maximumJSONWildcards {
                throw FilterPatternError(offset: 0, message: "a filter pattern can use at most \(FilterPattern.maximumJSONWildcards) wildcard selectors")
            }
        case .spaceDelimited(let pattern):
            if pattern.regexCount > FilterPattern.maximumRegexCount {
                throw FilterPatternError(offset: 0, message: "a filter pattern can use at most \(FilterPattern.maximumRegexCount) regular expressions")
            }
        case .matchAll, .terms, .regex:
            break
        }
    }

    /// How many `%...%` expressions the pattern uses (AWS also limits these per log group).
    public var regexCount: Int {
        switch body {
        case .regex: return 1
        case .json(let c): return c.regexCount
        case .spaceDelimited(let p): return p.regexCount
        case .matchAll, .terms: return 0
        }
    }

    /// The property selectors a JSON pattern tests, in pattern order.
    var jsonSelectors: [JSONSelector] {
        guard case .json(let condition) = body else { return [] }
        return condition.selectors
    }

    /// The match, with extracted fields, or nil when the event does not match.
    public func match(_ event: LogEvent) -> FilterMatch? {
        switch body {
        case .matchAll: return FilterMatch()
        case .terms(let terms): return terms.matches(event.message) ? FilterMatch() : nil
        case .regex(let regex): return regex.matches(event.message) ? FilterMatch() : nil
        case .json(let condition):
            guard let json = event.json else { return nil }
            return condition.holds(in: json) ? FilterMatch() : nil
        case .spaceDelimited(let pattern): return pattern.match(event.message)
        }
    }

    public func matches(_ event: LogEvent) -> Bool { match(event) != nil }

    /// Convenience for a bare message.
    public func matches(_ message: String) -> Bool { matches(LogEvent(message: message)) }
}
