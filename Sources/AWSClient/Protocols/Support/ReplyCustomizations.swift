import Foundation

/// Service quirks applied to decoded replies, as botocore does with handlers.
enum ReplyCustomizations {
    /// IAM returns policy documents URL-encoded (RFC 3986); callers get the JSON text.
    static let iamPolicyDocumentShape = "policyDocumentType"

    static func apply(_ value: AWSValue, ref: ShapeRef, service: ServiceModel) -> AWSValue {
        guard service.service == .iam else { return value }
        return decodePolicies(value, shapeName: ref.shape, model: service)
    }

    private static func decodePolicies(_ value: AWSValue, shapeName: String, model: ServiceModel) -> AWSValue {
        guard let shape = model.shape(shapeName) else { return value }
        switch (shape.kind, value) {
        case (.string, .string(let text)) where shapeName == iamPolicyDocumentShape:
            return .string(text.removingPercentEncoding ?? text)
        case (.structure, .map(let members)):
            var out = members
            for member in shape.members {
                if let v = members[member.name] {
                    out[member.name] = decodePolicies(v, shapeName: member.ref.shape, model: model)
                }
            }
            return .map(out)
        case (.list, .list(let items)):
            guard let element = shape.member else { return value }
            return .list(items.map { decodePolicies($0, shapeName: element.shape, model: model) })
        case (.map, .map(let entries)):
            guard let valueRef = shape.value else { return value }
            return .map(entries.mapValues { decodePolicies($0, shapeName: valueRef.shape, model: model) })
        default:
            return value
        }
    }
}
