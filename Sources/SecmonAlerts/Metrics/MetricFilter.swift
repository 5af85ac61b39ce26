/// A metric filter as CloudWatch Logs runs it: a pattern and one metric transformation
/// (FilterAndPatternSyntaxForMetricFilters, "Configuring metric values for a metric filter" and
/// "Publishing dimensions with metrics").
///
/// What an event produces (see `emission(for:)`):
/// - it matches: one sample of the metric value (`1`, another number, or a numeric field), with
///   the dimensions whose fields the event has ("This dimension will only be published for a
///   metric if the value is found in the log event");
/// - it does not match and a default value is set: one sample of the default value, without
///   dimensions (AWS rejects a default value together with dimensions). The API reference says
///   the default is "the value to emit when a filter pattern does not match a log event", and the
///   user guide's example uses it "for both log records" of a minute with no match, so it is
///   modelled per non-matching event: a minute of 2 non-matching events publishes 2 samples of
///   0 (Sum 0, SampleCount 2). Assumption: a minute with both matching and non-matching events
///   publishes samples for both (the guide only describes minutes with no match at all);
/// - otherwise nothing, so periods without matches are missing data for an alarm.
/// Assumption: when the metric value names a field that is missing or not a number, the event
/// publishes nothing.
public struct MetricFilter: Sendable, Hashable {
    public var pattern: FilterPattern
    public var metricValue: MetricValue
    public var defaultValue: Double?
    public var dimensions: [String: MetricFieldReference]

    public enum MetricValue: Sendable, Hashable, CustomStringConvertible {
        case constant(Double)
        case field(MetricFieldReference)

        public var description: String {
            switch self {
            case .constant(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
            case .field(let f): return f.description
            }
        }
    }

    /// "One metric filter can include as many as three dimensions."
    public static let maximumDimensions = 3

    /// Validates the transformation against the pattern the way PutMetricFilter does, and where
    /// AWS is silent, so that a value can always be found: `$.field` needs a JSON pattern and
    /// `$name` a space-delimited pattern that names that field.
    public init(
        pattern: FilterPattern, metricValue: String = "1", defaultValue: Double? = nil, dimensions: [String: String] = [:]
    ) throws(MetricTransformationError) {
        self.pattern = pattern
        self.defaultValue = defaultValue
        if let reference = try MetricFieldReference.parse(metricValue) {
            try MetricFilter.check(reference, against: pattern, role: "metric value")
            self.metricValue = .field(reference)
        } else if let number = NumberSyntax.parse(metricValue) {
            self.metricValue = .constant(number)
        } else {
            throw MetricTransformationError("metric value '\(metricValue)' is neither a number nor a field reference ($.property or $field_name)")
        }
        guard dimensions.count <= MetricFilter.maximumDimensions else {
            throw MetricTransformationError("a metric filter can have at most \(MetricFilter.maximumDimensions) dimensions, not \(dimensions.count)")
        }
        if !dimensions.isEmpty && defaultValue != nil {
            throw MetricTransformationError("dimensions and default value are mutually exclusive (AWS rejects a metric filter with both)")
        }
        var parsed: [String: MetricFieldReference] = [:]
        for (name, value) in dimensions {
            guard !name.isEmpty, !name.hasPrefix(":"), name.unicodeScalars.allSatisfy({ $0.isASCII }),
                  name.contains(where: { !$0.isWhitespace })
            else {
                throw MetricTransformationError("dimension name '\(name)' must be ASCII, not blank, and not start with ':'")
            }
            guard let reference = try MetricFieldReference.parse(value) else {
                throw MetricTransformationError("dimension '\(name)' must name a field ($.property or $field_name), not '\(value)'")
            }
            try MetricFilter.check(reference, against: pattern, role: "dimension '\(name)'")
            parsed[name] = reference
        }
        self.dimensions = parsed
    }

    private static func check(_ reference: MetricFieldReference, against pattern: FilterPattern, role: String) throws(MetricTransformationError) {
        switch reference {
        case .json:
            guard pattern.kind == .json else {
                throw MetricTransformationError("\(role) '\(reference)' reads a JSON property, but the pattern is not a JSON pattern ({ ... })")
            }
        case .delimitedField(let name):
            guard pattern.spaceDelimitedFieldNames.contains(name) else {
                throw MetricTransformationError("\(role) '\(reference)' names no field of the pattern; a space-delimited pattern ([...]) must name '\(name)'")
            }
        }
    }

    /// What one event publishes; nil when it publishes nothing.
    public func emission(for event: LogEvent) -> MetricEmission? {
        guard let match = pattern.match(event) else {
            return defaultValue.map { MetricEmission(value: $0, dimensions: [:], matched: false) }
        }
        let value: Double
        switch metricValue {
        case .constant(let v): value = v
        case .field(let reference):
            guard let text = reference.text(in: event, match: match), let number = NumberSyntax.parse(text) else { return nil }
            value = number
        }
        var found: [String: String] = [:]
        for (name, reference) in dimensions {
            if let text = reference.text(in: event, match: match) { found[name] = text }
        }
        return MetricEmission(value: value, dimensions: found, matched: true)
    }
}

/// One sample a metric filter publishes for one event.
public struct MetricEmission: Sendable, Hashable {
    public var value: Double
    public var dimensions: [String: String]
    /// False for a default-value sample.
    public var matched: Bool

    public init(value: Double, dimensions: [String: String], matched: Bool) {
        self.value = value
        self.dimensions = dimensions
        self.matched = matched
    }
}
