import SecmonCore

/// What a property's value must look like. The same description drives validation, the JSON
/// Schema and the reference documentation, so the three cannot disagree.
public indirect enum PropertyType: Sendable {
    case string(StringConstraints)
    case integer(IntegerConstraints)
    case number
    case boolean
    case enumeration([String])
    case list(PropertyType, maxItems: Int?)
    /// A map of string keys to string values (tags).
    case stringMap(key: StringConstraints, value: StringConstraints)
    /// A nested map with its own properties (a policy statement, a secret's value source).
    case object(ObjectSchema)
    /// Anything: kept as the raw YAML node (the alerts module owns `tests:`).
    case any

    /// The type as the docs print it.
    public var displayName: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .enumeration(let cases): return cases.map { "`\($0)`" }.joined(separator: " | ")
        case .list(let element, _): return "list of \(element.displayName)"
        case .stringMap: return "map of string to string"
        case .object(let object): return object.name
        case .any: return "any YAML"
        }
    }

    /// Scalars may be written as a `${...}` reference or template instead of a literal.
    var acceptsTemplates: Bool {
        switch self {
        case .string, .integer, .number, .boolean, .enumeration: return true
        default: return false
        }
    }
}

/// A nested object's properties, plus rules that span them.
public struct ObjectSchema: Sendable {
    public var name: String
    public var properties: [PropertySchema]
    /// Exactly one of these keys must be present (empty: no such rule).
    public var exactlyOneOf: [String]

    public init(name: String, properties: [PropertySchema], exactlyOneOf: [String] = []) {
        self.name = name
        self.properties = properties
        self.exactlyOneOf = exactlyOneOf
    }
}
