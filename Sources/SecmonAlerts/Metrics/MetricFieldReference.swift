/// Where a metric value or a dimension value comes from in a matched event: `$.selector` in a
/// JSON event, or `$name` for a named field of a space-delimited pattern.
public enum MetricFieldReference: Sendable, Hashable, CustomStringConvertible {
    case json(JSONSelector)
    case delimitedField(String)

    public var description: String {
        switch self {
        case .json(let selector): return selector.text
        case .delimitedField(let name): return "$" + name
        }
    }

    /// Parses `$.a.b` or `$name`; nil when `text` is neither.
    static func parse(_ text: String) throws(MetricTransformationError) -> MetricFieldReference? {
        guard text.hasPrefix("$") else { return nil }
        if text.hasPrefix("$.") || text.hasPrefix("$[") {
            var scanner = PatternScanner(Array(text.unicodeScalars))
            let selector: JSONSelector
            do {
                selector = try JSONSelector.parse(&scanner)
            } catch {
                throw MetricTransformationError("'\(text)' is not a property selector: \(error.message)")
            }
            guard scanner.atEnd else { throw MetricTransformationError("'\(text)' is not a property selector") }
            guard selector.wildcardCount == 0 else {
                throw MetricTransformationError("'\(text)' uses a wildcard; a metric value or dimension needs one value")
            }
            return .json(selector)
        }
        let name = text.dropFirst()
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(PatternScanner.isNameCharacter) else {
            throw MetricTransformationError("'\(text)' is not a field reference ($.property or $field_name)")
        }
        return .delimitedField(String(name))
    }

    /// The referenced value's text, if the event has it as a scalar.
    func text(in event: LogEvent, match: FilterMatch) -> String? {
        switch self {
        case .json(let selector):
            guard let root = event.json, let value = selector.value(in: root) else { return nil }
            return value.scalarText
        case .delimitedField(let name):
            return match.extractedValues["$" + name]
        }
    }
}

public struct MetricTransformationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
