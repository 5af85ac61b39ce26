import Foundation

/// An operation's request as its protocol lays it out, before an endpoint gives it a host.
public struct EncodedRequest: Sendable {
    public var method: String
    /// Path below the endpoint, percent-encoded, starting with "/". For S3 it excludes the
    /// bucket (see `bucket`).
    public var path: String
    /// Query parameters, not yet encoded.
    public var query: [URLQueryItem] = []
    public var headers: [HTTPHeader] = []
    public var body = Data()
    /// S3 only: the bucket the request addresses. The endpoint layer puts it in the host
    /// (virtual-hosted style) or in front of the path (path style).
    public var bucket: String?
}

/// One AWS wire protocol (JSON 1.0/1.1, query, rest-xml): how a model-shaped input becomes a
/// request, and how a reply or an error reply becomes a value. Pure functions of their inputs.
public protocol WireProtocol: Sendable {
    func encode(_ input: AWSValue, operation: OperationModel, service: ServiceModel) throws -> EncodedRequest
    func decode(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) throws -> AWSValue
    /// Always produces a typed error, also from an HTML page or an empty body.
    func decodeError(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) -> AWSError
}
