import Foundation

/// Like the SDKs, fills top-level idempotency-token members the caller left out (Secrets
/// Manager requires a ClientRequestToken from raw HTTP callers). Encoding happens once per
/// call, so retries of that request reuse the same token.
enum IdempotencyTokens {
    static func fill(_ input: AWSValue, operation: OperationModel, service: ServiceModel) -> AWSValue {
        guard let ref = operation.input, let shape = service.shape(ref.shape) else { return input }
        let tokens = shape.members.filter(\.ref.idempotencyToken)
        guard !tokens.isEmpty else { return input }
        var members = input.map
        for member in tokens where members[member.name]?.isNull ?? true {
            members[member.name] = .string(UUID().uuidString.lowercased())
        }
        return .map(members)
    }
}
