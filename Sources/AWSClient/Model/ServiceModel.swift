// OWNED BY THE MODELS/PROTOCOLS WORK: this file states what the rest of the client relies on;
// the implementation fills it in (parsing the embedded, trimmed botocore models).

/// A service's botocore model, trimmed to the operations secmon uses.
public struct ServiceModel: Sendable {
    public var service: AWSService
    /// botocore `metadata.signingName` (falls back to endpointPrefix).
    public var signingName: String
    /// botocore `metadata.endpointPrefix`, e.g. "monitoring" for CloudWatch.
    public var endpointPrefix: String
    /// botocore `metadata.globalEndpoint` (IAM, STS, S3), when there is one.
    public var globalEndpoint: String?
    /// The protocol secmon speaks to this service.
    public var wireProtocol: any WireProtocol

    public func operation(_ name: String) -> OperationModel? { fatalError("filled in by the models work") }

    /// The embedded model of `service`.
    public static func named(_ service: AWSService) throws -> ServiceModel { fatalError("filled in by the models work") }
}

public struct OperationModel: Sendable {
    public var name: String
}
