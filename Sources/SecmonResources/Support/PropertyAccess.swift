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

    func optionalString(_ key: String) throws -> String? {
        guard let v = try known(key) else { return nil }
        guard let s = v.interpolated, v.mapValue == nil else { throw failure(key, "must be a string") }
        return s
    }

    func string(_ key: String) throws -> String {
        guard let s = try optionalString(key) else { throw failure(key, "is required") }
        return s
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = try known(key) else { return nil }
        guard let b = v.boolValue else { throw failure(key, "must be true or false") }
        return b
    }

    /// Defaults come from the kind's schema (normalisation fills them): no default here.
    func bool(_ key: String) throws -> Bool {
        guard let b = try optionalBool(key) else { throw failure(key, "is required") }
        return b
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let v = try known(key) else { return nil }
        guard let i = v.intValue ?? v.stringValue.flatMap({ Int($0) }) else { throw failure(key, "must be an integer") }
        return i
    }

    func int(_ key: String) throws -> Int {
        guard let i = try optionalInt(key) else { throw failure(key, "is required") }
        return i
    }

    func optionalDouble(_ key: String) throws -> Double? {
        guard let v = try known(key) else { return nil }
        guard let d = v.doubleValue ?? v.stringValue.flatMap({ Double($0) }) else { throw failure(key, "must be a number") }
        return d
    }

    func double(_ key: String) throws -> Double {
        guard let d = try optionalDouble(key) else { throw failure(key, "is required") }
        return d
    }

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
