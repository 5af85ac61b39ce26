import Foundation

/// rest-xml (S3): members bound to the URI, query string and headers; an XML or raw payload.
/// The `{Bucket}` label leaves the path and goes to `EncodedRequest.bucket`, so the endpoint
/// layer can choose virtual-hosted or path-style addressing.
public struct RestXMLProtocol: WireProtocol {
    public init() {}

    static let bucketLabel = "Bucket"

    public func encode(_ input: AWSValue, operation: OperationModel, service: ServiceModel) throws -> EncodedRequest {
        try service.validate(input, for: operation)
        let given = IdempotencyTokens.fill(input, operation: operation, service: service).map
        let bound = RestRequestBinding.bind(given, operation: operation, service: service)
        var request = bound.request
        let bodyMembers = bound.bodyMembers
        let inputShape = operation.input.flatMap { service.shape($0.shape) }
        let (body, isXML) = RestXMLRequestParts.body(bodyMembers, inputShape: inputShape, operation: operation,
                                                     service: service)
        request.body = body
        // Always name the body's type: HTTP stacks (libcurl among them) otherwise label a POST body
        // as a form, and servers that parse forms then see no body (moto's DeleteObjects did).
        if !body.isEmpty, !request.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            request.headers.append(HTTPHeader("Content-Type", isXML ? "application/xml" : "binary/octet-stream"))
        }
        RequestChecksum.apply(to: &request, operation: operation)
        return request
    }

    public func decode(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) throws -> AWSValue {
        guard let output = operation.output, let shape = service.shape(output.shape) else { return .map([:]) }
        let reader = XMLReplyReader(model: service)
        var members: [String: AWSValue] = [:]
        for member in shape.members {
            guard let memberShape = service.shape(member.ref.shape) else { continue }
            let wireName = member.ref.wireName(nil, default: member.name).lowercased()
            switch member.ref.location {
            case .header:
                guard let text = response.headers[wireName] else { continue }
                if memberShape.kind == .list, let element = memberShape.member.flatMap({ service.shape($0.shape) }) {
                    members[member.name] = .list(text.split(separator: ",").compactMap {
                        reader.scalar($0.trimmingCharacters(in: .whitespaces), shape: element)
                    })
                } else {
                    members[member.name] = reader.scalar(text, shape: memberShape)
                }
            case .headers:
                var entries: [String: AWSValue] = [:]
                for (name, text) in response.headers where name.hasPrefix(wireName) {
                    entries[String(name.dropFirst(wireName.count))] = .string(text)
                }
                if !entries.isEmpty { members[member.name] = .map(entries) }
            case .statusCode:
                members[member.name] = .integer(Int64(response.status))
            default:
                continue
            }
        }

        if let payloadName = shape.payload, let payload = shape.member(named: payloadName),
           let payloadShape = service.shape(payload.ref.shape) {
            switch payloadShape.kind {
            case .blob:
                members[payloadName] = .blob(response.body)
            case .string:
                if !response.body.isEmpty {
                    members[payloadName] = .string(String(decoding: response.body, as: UTF8.self))
                }
            default:
                guard !response.body.isEmpty else { break }
                guard let root = XMLTree.parse(response.body) else {
                    throw ReplyErrors.unreadable(response, operation: operation, service: service, expected: "XML")
                }
                members[payloadName] = reader.read(root, ref: payload.ref)
            }
        } else if !response.body.isEmpty, shape.members.contains(where: { $0.ref.location == nil }) {
            guard let root = XMLTree.parse(response.body) else {
                throw ReplyErrors.unreadable(response, operation: operation, service: service, expected: "XML")
            }
            members.merge(Self.bodyMembers(root, shape: shape, reader: reader)) { _, body in body }
        }
        return .map(members)
    }

    public func decodeError(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) -> AWSError {
        let headerID = response.headers["x-amz-request-id"] ?? NonAWSReply.requestID(response.headers)
        let root = XMLTree.parse(response.body)
        let error = root.flatMap { $0.name == "Error" ? $0 : $0.child("Error") }
        guard let error, let code = error.child("Code").flatMap({ ReplyErrors.cleanCode($0.text) }) else {
            // HEAD replies and some redirects carry no body: S3 names the error by its status.
            let trimmed = response.body.filter { ![0x20, 0x0a, 0x0d, 0x09].contains($0) }
            let code = trimmed.isEmpty ? Self.codeForBodilessStatus(response.status) : nil
            var failure = NonAWSReply.error(response, service: service, operation: operation, code: code,
                                            requestID: headerID)
            if Self.wrongRegionCodes.contains(failure.code), let region = response.headers["x-amz-bucket-region"] {
                failure.message += " (the bucket is in region \(region))"
            }
            return failure
        }
        var message = ReplyErrors.cleanMessage(error.child("Message")?.text ?? "")
        if Self.wrongRegionCodes.contains(code),
           let region = response.headers["x-amz-bucket-region"] ?? error.child("Region")?.text {
            message += (message.isEmpty ? "" : " ") + "(the bucket is in region \(region))"
        }
        let requestID = headerID ?? error.child("RequestId")?.text
        return AWSError(kind: .service, service: service.service.rawValue, operation: operation.name, code: code,
                        message: message, status: response.status, requestID: requestID)
    }

    /// Errors that mean "ask the bucket's own region"; their message names that region.
    static let wrongRegionCodes: Set<String> = [
        "PermanentRedirect", "TemporaryRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException",
    ]

    static func codeForBodilessStatus(_ status: Int) -> String {
        switch status {
        case 301: return "PermanentRedirect"
        case 304: return "NotModified"
        case 307: return "TemporaryRedirect"
        case 400: return "BadRequest"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "Conflict"
        case 412: return "PreconditionFailed"
        default: return "HTTP\(status)"
        }
    }

    /// Body members of an output without a payload. GetBucketLocation's reply is the member
    /// element itself (`<LocationConstraint>eu-west-1</LocationConstraint>`), not a wrapper.
    static func bodyMembers(_ root: XMLTree, shape: Shape, reader: XMLReplyReader) -> [String: AWSValue] {
        if root.children.isEmpty {
            for member in shape.members where member.ref.location == nil {
                let memberShape = reader.model.shape(member.ref.shape)
                if member.ref.wireName(memberShape, default: member.name) == root.name,
                   let memberShape, let value = reader.scalar(root.text, shape: memberShape) {
                    return [member.name: value]
                }
            }
        }
        return reader.structure(root, shape: shape)
    }
}
