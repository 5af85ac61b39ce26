import Foundation
import SecmonCore

/// IAM-style policy documents (bucket, topic, trust and inline role policies) as values in a
/// canonical form, so that key order, whitespace, a one-element list written as a scalar and
/// the order of statements, actions or resources never show as a change.
///
/// Canonical form: every one-element list becomes its element and every longer list is sorted
/// (policy semantics never depend on list order). The result is still a valid policy, so it is
/// also what secmon sends.
enum PolicyDocument {
    static func canonical(_ value: Value) -> Value {
        switch value {
        case .map(let map):
            return .map(map.mapValues(canonical))
        case .list(let items):
            let elements = items.map(canonical)
            if elements.count == 1 { return elements[0] }
            return .list(elements.sorted { sortKey($0) < sortKey($1) })
        default:
            return value
        }
    }

    /// Parses a policy as AWS returns it: JSON text, percent-encoded JSON (IAM's wire form,
    /// when the client has not decoded it). Nil when it is neither.
    static func parse(_ text: String) -> Value? {
        if let v = decode(text) { return canonical(v) }
        if let decoded = text.removingPercentEncoding, let v = decode(decoded) { return canonical(v) }
        return nil
    }

    /// Compact JSON with sorted keys: deterministic bytes for the same document.
    static func encode(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    /// Any JSON document (an event pattern) as compact JSON with sorted keys, lists kept in
    /// their order; nil when the text is not JSON.
    static func canonicalJSON(_ text: String) -> String? {
        guard let data = text.data(using: .utf8), let v = try? JSONDecoder().decode(Value.self, from: data) else { return nil }
        return encode(v)
    }

    private static func decode(_ text: String) -> Value? {
        guard let data = text.data(using: .utf8), let v = try? JSONDecoder().decode(Value.self, from: data),
              case .map = v else { return nil }
        return v
    }

    private static func sortKey(_ v: Value) -> String { encode(v) }
}
