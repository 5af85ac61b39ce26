import Foundation

/// rest-json (the IAM Identity Center portal): members bound to the URI, query string and
/// headers as in rest-xml; other members in a JSON body; JSON replies, errors as in AWS JSON.
public struct RestJSONProtocol: WireProtocol {
    public init() {}

    public func encode(_ input: AWSValue, operation: OperationModel, service: ServiceModel) throws -> EncodedRequest {
        try service.validate(input, for: operation)
        let given = IdempotencyTokens.fill(input, operation: operation, service: service).map
        let bound = RestRequestBinding.bind(given, operation: operation, service: service)
        var request = bound.request
        if !bound.bodyMembers.isEmpty, let inputRef = operation.input {
            request.body = Data(JSONBodyWriter(model: service).write(.map(bound.bodyMembers), ref: inputRef).utf8)
            request.headers.append(HTTPHeader("Content-Type", "application/json"))
        }
        return request
    }

    public func decode(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) throws -> AWSValue {
        guard let output = operation.output else { return .map([:]) }
        if response.body.isEmpty { return .map([:]) }
        guard let object = JSONReplyReader.object(response.body) else {
            throw ReplyErrors.unreadable(response, operation: operation, service: service, expected: "JSON")
        }
        return JSONReplyReader(model: service).read(object, ref: output) ?? .map([:])
    }

    public func decodeError(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) -> AWSError {
        JSONProtocol(version: service.jsonVersion ?? "1.1").decodeError(response, operation: operation, service: service)
    }
}
