import AWSClient
import SecmonCore

extension AWSValue {
    /// A string member as a property value; absent or "" is null (AWS reports an unset
    /// optional string either way).
    subscript(optional key: String) -> SecmonCore.Value {
        self[key].string.flatMap { $0.isEmpty ? nil : SecmonCore.Value.string($0) } ?? .null
    }

    /// A string member as a property value, null when absent.
    subscript(string key: String) -> SecmonCore.Value { self[key].string.map(SecmonCore.Value.string) ?? .null }

    /// An integer member as a property value, null when absent.
    subscript(int key: String) -> SecmonCore.Value { self[key].int.map(SecmonCore.Value.int) ?? .null }
}

extension PropertyAccess {
    /// A property the mapping derives (a generated policy document): it must be there by now.
    func generated(_ key: String) throws -> Value {
        guard let document = try value(key) else {
            throw ResourceError(kind: kind, name: name, action: action, message: "property \(key) could not be generated")
        }
        return document
    }
}
