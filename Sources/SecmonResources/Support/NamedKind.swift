import SecmonCore
import SecmonPlan

/// A kind whose physical id is its `name`, and whose ARN follows from the name (alarm, bucket,
/// log group, role, topic, trail): both are known at plan time, so references to them resolve
/// before anything is created.
public protocol NamedKind: ResourceDriver {
    /// The ARN a resource of this kind gets for `name`.
    func arn(forName name: String, context: DriverContext) -> String
}

extension NamedKind {
    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        p["name"]?.stringValue
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        guard let name = p["name"]?.stringValue else { return ["name": p["name"] ?? .unknown, "arn": .unknown] }
        return ["name": .string(name), "arn": .string(arn(forName: name, context: context))]
    }
}
