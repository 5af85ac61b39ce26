/// A property value in desired or live state: what a stack says, what an account holds, and
/// what a plan records. It is plain data, so plans can be saved, compared and rendered.
public indirect enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    /// A string built from literals and references to other resources' attributes, such as
    /// `"${alerts.arn}"` or `"arn:${aws.partition}:logs:...:${group.name}:*"`. Resolved as soon as
    /// the referenced attributes are known (at plan time for most, after a create for the rest).
    case template([TemplatePart])
    /// A value AWS assigns that is not known until the resource exists ("known after apply").
    case unknown
    /// A write-only value that secmon never reads back and never records ("(sensitive)").
    case sensitive
}

public enum TemplatePart: Hashable, Sendable, Codable {
    case literal(String)
    case reference(AttributeReference)
}

/// `${resource.attribute}`: an edge of the graph.
public struct AttributeReference: Hashable, Sendable, Codable, CustomStringConvertible {
    public var resource: String
    public var attribute: String
    public init(resource: String, attribute: String) {
        self.resource = resource
        self.attribute = attribute
    }
    public var description: String { "${\(resource).\(attribute)}" }
}

extension Value {
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }
    public var mapValue: [String: Value]? { if case .map(let m) = self { return m } else { return nil } }
    public subscript(key: String) -> Value? { mapValue?[key] }

    /// References this value still depends on.
    public var references: [AttributeReference] {
        switch self {
        case .template(let parts):
            return parts.compactMap { if case .reference(let r) = $0 { return r } else { return nil } }
        case .list(let l): return l.flatMap(\.references)
        case .map(let m): return m.keys.sorted().flatMap { m[$0]?.references ?? [] }
        default: return []
        }
    }

    /// Whether anything in this value is still unknown (an unresolved template or `.unknown`).
    public var isFullyKnown: Bool {
        switch self {
        case .unknown, .template: return false
        case .list(let l): return l.allSatisfy(\.isFullyKnown)
        case .map(let m): return m.values.allSatisfy(\.isFullyKnown)
        default: return true
        }
    }

    /// Substitutes every reference `lookup` can answer. A template whose references are all
    /// known becomes a plain value: a whole-value reference keeps the referenced value's type,
    /// a mixed template becomes a string. Anything unanswered stays a template.
    public func resolved(_ lookup: (AttributeReference) -> Value?) -> Value {
        switch self {
        case .template(let parts):
            if parts.count == 1, case .reference(let r) = parts[0], let v = lookup(r), v.isFullyKnown {
                return v
            }
            var out = ""
            var remaining: [TemplatePart] = []
            var allKnown = true
            for part in parts {
                switch part {
                case .literal(let s):
                    out += s
                    remaining.append(part)
                case .reference(let r):
                    if let v = lookup(r), v.isFullyKnown, let s = v.interpolated {
                        out += s
                        remaining.append(.literal(s))
                    } else {
                        allKnown = false
                        remaining.append(part)
                    }
                }
            }
            return allKnown ? .string(out) : .template(Value.merge(remaining))
        case .list(let l): return .list(l.map { $0.resolved(lookup) })
        case .map(let m): return .map(m.mapValues { $0.resolved(lookup) })
        default: return self
        }
    }

    /// How a value reads inside a string template.
    public var interpolated: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    private static func merge(_ parts: [TemplatePart]) -> [TemplatePart] {
        var out: [TemplatePart] = []
        for p in parts {
            if case .literal(let s) = p, case .literal(let prev)? = out.last {
                out[out.count - 1] = .literal(prev + s)
            } else {
                out.append(p)
            }
        }
        return out
    }
}

// Codable as a tagged JSON form that round-trips exactly (a saved plan must mean what it meant).
// Plain JSON scalars, lists and objects stand for themselves; the three special cases are
// objects with a single reserved key.
extension Value: Codable {
    private enum Special: String, CodingKey { case template = "$template", unknown = "$unknown", sensitive = "$sensitive" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .double(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let l = try? c.decode([Value].self) { self = .list(l); return }
        let special = try decoder.container(keyedBy: Special.self)
        if special.contains(.unknown) { self = .unknown; return }
        if special.contains(.sensitive) { self = .sensitive; return }
        if special.contains(.template) {
            self = .template(try special.decode([TemplatePart].self, forKey: .template)); return
        }
        self = .map(try c.decode([String: Value].self))
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .bool(let b): var c = encoder.singleValueContainer(); try c.encode(b)
        case .int(let i): var c = encoder.singleValueContainer(); try c.encode(i)
        case .double(let d): var c = encoder.singleValueContainer(); try c.encode(d)
        case .string(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .list(let l): var c = encoder.singleValueContainer(); try c.encode(l)
        case .map(let m): var c = encoder.singleValueContainer(); try c.encode(m)
        case .template(let parts):
            var c = encoder.container(keyedBy: Special.self); try c.encode(parts, forKey: .template)
        case .unknown: var c = encoder.container(keyedBy: Special.self); try c.encode(true, forKey: .unknown)
        case .sensitive: var c = encoder.container(keyedBy: Special.self); try c.encode(true, forKey: .sensitive)
        }
    }
}
