import Foundation

/// AWS JSON 1.0 / 1.1: `POST /`, `X-Amz-Target: <targetPrefix>.<Operation>`, a JSON body.
/// Secrets Manager, CloudTrail, CloudWatch Logs, EventBridge (1.1), CloudWatch and SQS (1.0).
public struct JSONProtocol: WireProtocol {
    /// "1.0" or "1.1".
    public var version: String

    public init(version: String) { self.version = version }

    public func encode(_ input: AWSValue, operation: OperationModel, service: ServiceModel) throws -> EncodedRequest {
        try service.validate(input, for: operation)
        let filled = IdempotencyTokens.fill(input, operation: operation, service: service)
        let writer = JSONBodyWriter(model: service)
        let body = operation.input.map { writer.write(filled.isNull ? .map([:]) : filled, ref: $0) }
        let target = (service.targetPrefix.map { $0 + "." } ?? "") + operation.name
        var headers = [HTTPHeader("Content-Type", "application/x-amz-json-\(version)"),
                       HTTPHeader("X-Amz-Target", target)]
        // Asks services that used to speak query (CloudWatch, SQS) for the query error code in
        // `x-amzn-query-error`, as the SDKs do, so error codes match their documentation.
        if service.awsQueryCompatible { headers.append(HTTPHeader("x-amzn-query-mode", "true")) }
        return EncodedRequest(method: "POST", path: "/", headers: headers, body: Data((body ?? "{}").utf8))
    }

    public func decode(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) throws -> AWSValue {
        guard let object = JSONReplyReader.object(response.body) else {
            throw ReplyErrors.unreadable(response, operation: operation, service: service, expected: "JSON")
        }
        guard let output = operation.output else { return .map([:]) }
        return JSONReplyReader(model: service).read(object, ref: output) ?? .map([:])
    }

    public func decodeError(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) -> AWSError {
        let headers = response.headers
        let body = (JSONReplyReader.object(response.body)) ?? [:]
        var code: String?
        // awsQueryCompatible services (CloudWatch, SQS) name the query code here; it is the code
        // their documentation and boto3 use (e.g. AWS.SimpleQueueService.NonExistentQueue).
        if service.awsQueryCompatible, let queryError = headers["x-amzn-query-error"] {
            code = queryError.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init)
        }
        if code?.isEmpty ?? true {
            code = headers["x-amzn-errortype"] ?? body["__type"] as? String ?? body["code"] as? String
                ?? body["Code"] as? String
        }
        guard let cleaned = code.flatMap(ReplyErrors.cleanCode) else {
            return NonAWSReply.error(response, service: service, operation: operation)
        }
        let message = body["message"] as? String ?? body["Message"] as? String ?? body["errorMessage"] as? String ?? ""
        return AWSError(kind: .service, service: service.service.rawValue, operation: operation.name,
                        code: cleaned, message: ReplyErrors.cleanMessage(message), status: response.status,
                        requestID: NonAWSReply.requestID(headers))
    }
}
