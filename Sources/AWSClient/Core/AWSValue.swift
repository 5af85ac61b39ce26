import Foundation

/// A request or reply of any AWS operation, shaped by the service's botocore model.
///
/// Like botocore, secmon's client is driven by the service models instead of per-operation
/// types: members are named exactly as in the model (`logGroupName`, `AlarmNames`), the
/// protocol layer serialises them for the wire, and the model's constraints are checked before
/// anything is sent.
public indirect enum AWSValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case timestamp(Date)
    case blob(Data)
    case list([AWSValue])
    /// A structure (members by model name) or a map.
    case map([String: AWSValue])
}

extension AWSValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: AWSValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, AWSValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension AWSValue {
    /// Member or map entry; `.null` when absent, so lookups chain: `reply["Trail"]["Name"]`.
    public subscript(key: String) -> AWSValue {
        if case .map(let m) = self { return m[key] ?? .null }
        return .null
    }
    public subscript(index: Int) -> AWSValue {
        if case .list(let l) = self, l.indices.contains(index) { return l[index] }
        return .null
    }
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? {
        switch self {
        case .integer(let i): return Int(i)
        case .double(let d): return Int(exactly: d)
        case .string(let s): return Int(s)
        default: return nil
        }
    }
    public var double: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }
    public var bool: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s): return s == "true" ? true : (s == "false" ? false : nil)
        default: return nil
        }
    }
    public var date: Date? { if case .timestamp(let d) = self { return d } else { return nil } }
    /// Elements of a list; an absent member reads as an empty list.
    public var list: [AWSValue] { if case .list(let l) = self { return l } else { return [] } }
    public var map: [String: AWSValue] { if case .map(let m) = self { return m } else { return [:] } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }
}
