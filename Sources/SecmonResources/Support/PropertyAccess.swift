import SecmonCore

/// Typed access to a resource's properties when acting on them: everything must be known by
/// then, and anything missing or ill-typed is a `ResourceError` naming the property.
public struct PropertyAccess: Sendable {
    let kind: String
    let name: String
    let action: String
    let properties: [String: Value]

    init(kind: String, name: String, action: String, properties: [String: Value]) {
        self.kind = kind
        self.name = name
        self.action = action
        self.properties = properties
    }

    private func failure(_ key: String, _ problem: String) -> ResourceError {
        ResourceError(kind: kind, name: name, action: action, message: "property \(key) \(problem)")
    }

    private func known(_ key: String) throws -> Value? {
        guard let v = properties[key], v != .null else { return nil }
        guard v.isFullyKnown else { throw failure(key, "is not known yet (it references a resource not yet created)") }
        return v
    }

    /// The property converted by `convert`; nil when absent, an error naming `expected` when
    /// it does not convert.
    private func optional<T>(_ key: String, _ expected: String, _ convert: (Value) -> T?) throws -> T? {
        guard let v = try known(key) else { return nil }
        guard let converted = convert(v) else { throw failure(key, expected) }
        return converted
    }

    /// Defaults come from the kind's schema (normalisation fills them): a missing property is
    /// an error, never a default made up here.
    private func required<T>(_ key: String, _ optional: (String) throws -> T?) throws -> T {
        guard let value = try optional(key) else { throw failure(key, "is required") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        try optional(key, "must be a string") { $0.mapValue == nil ? $0.interpolated : nil }
    }

    func optionalBool(_ key: String) throws -> Bool? { try optional(key, "must be true or false") { $0.boolValue } }

    func optionalInt(_ key: String) throws -> Int? {
        try optional(key, "must be an integer") { $0.intValue ?? $0.stringValue.flatMap { Int($0) } }
    }

    func optionalDouble(_ key: String) throws -> Double? {
        try optional(key, "must be a number") { $0.doubleValue ?? $0.stringValue.flatMap { Double($0) } }
    }

    func string(_ key: String) throws -> String { try required(key, optionalString) }
    func bool(_ key: String) throws -> Bool { try required(key, optionalBool) }
    func int(_ key: String) throws -> Int { try required(key, optionalInt) }
    func double(_ key: String) throws -> Double { try required(key, optionalDouble) }

    func stringList(_ key: String) throws -> [String] {
        guard let v = try known(key) else { return [] }
        guard case .list(let items) = v else { throw failure(key, "must be a list of strings") }
        return try items.map {
            guard let s = $0.stringValue else { throw failure(key, "must be a list of strings") }
            return s
        }
    }

    func stringMap(_ key: String) throws -> [String: String] {
        guard let v = try known(key) else { return [:] }
        guard case .map(let map) = v else { throw failure(key, "must be a map of strings") }
        return try map.mapValues {
            guard let s = $0.interpolated else { throw failure(key, "must be a map of strings") }
            return s
        }
    }

    func value(_ key: String) throws -> Value? {
        try known(key)
    }
}
