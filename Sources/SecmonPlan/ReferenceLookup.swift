import SecmonCore

extension DriverContext {
    /// The built-in resource `aws` (`${aws.account_id}`, `${aws.region}`, `${aws.partition}`).
    public static let builtinResource = "aws"

    /// The value of an `${aws.*}` attribute, nil for any other reference.
    public func builtin(_ reference: AttributeReference) -> Value? {
        guard reference.resource == Self.builtinResource else { return nil }
        switch reference.attribute {
        case "account_id": return .string(accountID)
        case "region": return .string(region)
        case "partition": return .string(partition)
        default: return nil
        }
    }

    /// A lookup for `Value.resolved`: built-ins first, then `attributes[resource][attribute]`.
    public func lookup(in attributes: [String: [String: Value]]) -> (AttributeReference) -> Value? {
        { reference in
            if let value = self.builtin(reference) { return value }
            return attributes[reference.resource]?[reference.attribute]
        }
    }
}
