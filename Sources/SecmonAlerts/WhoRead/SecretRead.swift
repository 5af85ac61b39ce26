import SecmonCore

/// One read of a secret as CloudTrail recorded it: who, what, where and when, for the person
/// paged (`secmon who-read`, the real-time message). Built from the CloudTrail record itself,
/// whether it came from CloudWatch Logs, LookupEvents or an EventBridge event's `detail`.
public struct SecretRead: Sendable, Hashable, Codable {
    /// How the caller named the secret.
    public enum IdForm: String, Sendable, Hashable, Codable {
        case name, partialARN = "partial ARN", fullARN = "full ARN", other
    }

    // When
    public var time: String
    public var eventID: String?
    // Who
    /// The caller's ARN (for an assumed role, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
    public var principal: String
    public var principalType: String?
    public var accessKeyId: String?
    /// The AWS service that called on the principal's behalf (`invokedBy`), if any.
    public var invokedBy: String?
    // What
    public var operation: String
    public var secretId: String
    public var idForm: IdForm
    public var errorCode: String?
    // Where
    public var sourceIPAddress: String?
    public var userAgent: String?
    public var region: String?
    public var vpcEndpointId: String?
    public var account: String?

    /// The reads of `secret` in one CloudTrail record: one for GetSecretValue, one per matching
    /// `secretIdList` entry of BatchGetSecretValue (at most one, as a batch names a secret once).
    /// Empty for any other record.
    public static func reads(in record: EventJSON, of secret: SecretIdentity) -> [SecretRead] {
        guard record["eventSource"]?.scalarText == "secretsmanager.amazonaws.com",
              let operation = record["eventName"]?.scalarText else { return [] }
        let parameters = record["requestParameters"]
        var ids: [String] = []
        switch operation {
        case "GetSecretValue": ids = [parameters?["secretId"]?.scalarText].compactMap { $0 }
        case "BatchGetSecretValue":
            if case .array(let list)? = parameters?["secretIdList"] { ids = list.compactMap(\.scalarText) }
        default: return []
        }
        guard let id = ids.first(where: { form(of: $0, for: secret) != .other }) else { return [] }
        let identity = record["userIdentity"]
        return [SecretRead(
            time: record["eventTime"]?.scalarText ?? "", eventID: record["eventID"]?.scalarText,
            principal: identity?["arn"]?.scalarText ?? identity?["invokedBy"]?.scalarText ?? identity?["type"]?.scalarText ?? "unknown",
            principalType: identity?["type"]?.scalarText, accessKeyId: identity?["accessKeyId"]?.scalarText,
            invokedBy: identity?["invokedBy"]?.scalarText,
            operation: operation, secretId: id, idForm: form(of: id, for: secret),
            errorCode: record["errorCode"]?.scalarText,
            sourceIPAddress: record["sourceIPAddress"]?.scalarText, userAgent: record["userAgent"]?.scalarText,
            region: record["awsRegion"]?.scalarText, vpcEndpointId: record["vpcEndpointId"]?.scalarText,
            account: record["recipientAccountId"]?.scalarText)]
    }

    /// Which form `id` names `secret` by; `.other` when it names another secret. A full ARN
    /// counts when the live suffix is unknown and the id has the shape of one.
    public static func form(of id: String, for secret: SecretIdentity) -> IdForm {
        if id == secret.name { return .name }
        if id == secret.partialARN { return .partialARN }
        if let full = secret.fullARN { return id == full ? .fullARN : .other }
        let prefix = secret.partialARN + "-"
        guard id.hasPrefix(prefix) else { return .other }
        let suffix = id.dropFirst(prefix.count)
        return suffix.count == 6 && suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? .fullARN : .other
    }
}
