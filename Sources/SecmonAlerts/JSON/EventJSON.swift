/// A parsed JSON log event (or part of one) as the filter-pattern matcher sees it. (Not
/// SecmonStack.JSONValue, which is the JSON Schema writer's output type.)
///
/// Numbers keep their source text: a string comparison such as `{ $.code = 4* }` on the number
/// `404` compares against what the log event said, not against a re-formatted Double.
/// Objects keep their members in document order as pairs: log records have a few dozen keys at
/// most, where a linear search beats building a dictionary for every record.
public indirect enum EventJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double, text: String)
    case string(String)
    case array([EventJSON])
    case object([EventJSONMember])

    /// The member named `key` of an object (the first one, if a document repeats a key).
    public subscript(key: String) -> EventJSON? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The element at `index` of an array.
    public subscript(index: Int) -> EventJSON? {
        guard case .array(let elements) = self, index >= 0, index < elements.count else { return nil }
        return elements[index]
    }

    /// The text of a scalar as a filter pattern compares it: strings as they are, numbers as
    /// written in the event, booleans as `true`/`false`. Nil for null, arrays and objects.
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .number(_, let text): return text
        case .bool(let b): return b ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }
}

public struct EventJSONMember: Sendable, Hashable {
    public var key: String
    public var value: EventJSON
    public init(key: String, value: EventJSON) {
        self.key = key
        self.value = value
    }
}
