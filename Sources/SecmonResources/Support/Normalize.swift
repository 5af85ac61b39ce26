import SecmonCore

/// Normalisers for desired property values: fill a default, coerce the type the stack allows
/// (an int where a string is wanted, "true" for a bool). Unresolved references (`.template`,
/// `.unknown`) are kept as they are: they are normalised once they are known.
enum Normalize {
    static func isPending(_ v: Value) -> Bool {
        if case .template = v { return true }
        if case .unknown = v { return true }
        return false
    }

    static func string(_ v: Value?, default fallback: Value = .null) -> Value {
        guard let v, v != .null else { return fallback }
        if isPending(v) { return v }
        switch v {
        case .string: return v
        case .int, .double, .bool: return v.interpolated.map(Value.string) ?? v
        default: return v
        }
    }

    /// An optional string where "" means the same as absent (AWS reports unset descriptions,
    /// display names and prefixes either way).
    static func optionalString(_ v: Value?) -> Value {
        let s = string(v)
        return s == .string("") ? .null : s
    }

    static func bool(_ v: Value?, default fallback: Bool) -> Value {
        guard let v, v != .null else { return .bool(fallback) }
        if case .string(let s) = v, s == "true" || s == "false" { return .bool(s == "true") }
        return v
    }

    static func int(_ v: Value?, default fallback: Value = .null) -> Value {
        guard let v, v != .null else { return fallback }
        if let i = v.intValue { return .int(i) }
        if case .string(let s) = v, let i = Int(s) { return .int(i) }
        return v
    }

    /// A number: integral values as `.int`, others as `.double`, so 1 and 1.0 compare equal.
    static func number(_ v: Value?, default fallback: Value = .null) -> Value {
        guard let v, v != .null else { return fallback }
        if let i = v.intValue { return .int(i) }
        if let d = v.doubleValue { return .double(d) }
        if case .string(let s) = v, let d = Double(s) { return number(.double(d)) }
        return v
    }

    static func number(_ d: Double?) -> Value {
        guard let d else { return .null }
        return number(.double(d))
    }

    /// A list whose order does not matter: sorted and without duplicates.
    static func unorderedList(_ v: Value?) -> Value {
        guard let v, v != .null else { return .list([]) }
        guard case .list(let items) = v else { return .list([v]) }
        return .list(sortedUnique(items))
    }

    static func sortedUnique(_ items: [Value]) -> [Value] {
        var seen: Set<Value> = []
        let unique = items.filter { seen.insert($0).inserted }
        return unique.sorted { sortKey($0) < sortKey($1) }
    }

    private static func sortKey(_ v: Value) -> String {
        switch v {
        case .string(let s): return "0" + s
        case .template(let parts):
            return "1" + parts.map { part -> String in
                switch part {
                case .literal(let s): return s
                case .reference(let r): return r.description
                }
            }.joined()
        default: return "2" + String(describing: v)
        }
    }
}
