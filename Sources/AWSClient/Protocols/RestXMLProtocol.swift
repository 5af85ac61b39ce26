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
        var request = EncodedRequest(method: operation.httpMethod, path: "/")
        let (pathTemplate, literalQuery) = Self.splitURI(operation.requestURI)
        request.query = literalQuery

        var labels: [String: String] = [:]
        var bodyMembers: [String: AWSValue] = [:]
        let inputShape = operation.input.flatMap { service.shape($0.shape) }
        for member in inputShape?.members ?? [] {
            guard let value = given[member.name], !value.isNull, let shape = service.shape(member.ref.shape) else {
                continue
            }
            let wireName = member.ref.wireName(nil, default: member.name)
            switch member.ref.location {
            case .uri:
                labels[wireName] = ScalarText.text(value, timestampFormat: member.ref.timestampFormat(shape) ?? "iso8601")
            case .querystring:
                request.query += Self.queryItems(value, name: wireName, ref: member.ref, shape: shape, model: service)
            case .header:
                if let text = Self.headerText(value, ref: member.ref, shape: shape) {
                    request.headers.append(HTTPHeader(wireName, text))
                }
            case .headers:
                for (key, v) in value.map.sorted(by: { $0.key < $1.key }) {
                    if let text = ScalarText.text(v, timestampFormat: "rfc822") {
                        request.headers.append(HTTPHeader(wireName + key, text))
                    }
                }
            case .statusCode:
                continue
            case nil:
                bodyMembers[member.name] = value
            }
        }
        let (path, bucket) = Self.expand(pathTemplate, labels: labels, bucketAware: service.service == .s3)
        request.path = path
        request.bucket = bucket
        request.body = Self.body(bodyMembers, inputShape: inputShape, operation: operation, service: service)
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
                if !response.body.isEmpty { members[payloadName] = .string(String(decoding: response.body, as: UTF8.self)) }
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
            if let region = response.headers["x-amz-bucket-region"] {
                failure.message += " (the bucket is in region \(region))"
            }
            return failure
        }
        var message = ReplyErrors.cleanMessage(error.child("Message")?.text ?? "")
        if let region = response.headers["x-amz-bucket-region"] ?? error.child("Region")?.text {
            message += (message.isEmpty ? "" : " ") + "(the bucket is in region \(region))"
        }
        let requestID = headerID ?? error.child("RequestId")?.text
        return AWSError(kind: .service, service: service.service.rawValue, operation: operation.name, code: code,
                        message: message, status: response.status, requestID: requestID)
    }

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

    /// "/{Bucket}/{Key+}?x-id=GetObject" → ("/{Bucket}/{Key+}", [x-id=GetObject]).
    static func splitURI(_ uri: String) -> (String, [URLQueryItem]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        guard parts.count > 1 else { return (path, []) }
        let items = parts[1].split(separator: "&").map { pair -> URLQueryItem in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return URLQueryItem(name: String(kv[0]), value: kv.count > 1 ? String(kv[1]) : "")
        }
        return (path, items)
    }

    /// Fills `{Label}` and greedy `{Label+}`; for S3 the `{Bucket}` segment is taken out.
    static func expand(_ template: String, labels: [String: String], bucketAware: Bool) -> (String, String?) {
        var path = ""
        var bucket: String?
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            var literal = rest[..<open]
            var name = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            let greedy = name.hasSuffix("+")
            if greedy { name.removeLast() }
            if bucketAware && name == bucketLabel {
                bucket = labels[name]
                if literal.hasSuffix("/") { literal = literal.dropLast() }
                path += literal
                continue
            }
            path += literal + PercentEncoding.encode(labels[name] ?? "", keepSlash: greedy)
        }
        path += rest
        if !path.hasPrefix("/") { path = "/" + path }
        return (path, bucket)
    }

    static func queryItems(_ value: AWSValue, name: String, ref: ShapeRef, shape: Shape, model: ServiceModel)
        -> [URLQueryItem] {
        let format = ref.timestampFormat(shape) ?? "iso8601"
        switch value {
        case .list(let items):
            return items.compactMap { ScalarText.text($0, timestampFormat: format).map { URLQueryItem(name: name, value: $0) } }
        case .map(let entries):
            return entries.sorted(by: { $0.key < $1.key }).flatMap { key, v -> [URLQueryItem] in
                if case .list(let items) = v {
                    return items.compactMap { ScalarText.text($0, timestampFormat: format).map { URLQueryItem(name: key, value: $0) } }
                }
                return ScalarText.text(v, timestampFormat: format).map { [URLQueryItem(name: key, value: $0)] } ?? []
            }
        default:
            return ScalarText.text(value, timestampFormat: format).map { [URLQueryItem(name: name, value: $0)] } ?? []
        }
    }

    static func headerText(_ value: AWSValue, ref: ShapeRef, shape: Shape) -> String? {
        let format = ref.timestampFormat(shape) ?? "rfc822"
        if ref.jsonValue, case .string(let json) = value { return Data(json.utf8).base64EncodedString() }
        if case .list(let items) = value {
            return items.compactMap { ScalarText.text($0, timestampFormat: format) }.joined(separator: ",")
        }
        return ScalarText.text(value, timestampFormat: format)
    }

    static func body(_ members: [String: AWSValue], inputShape: Shape?, operation: OperationModel,
                     service: ServiceModel) -> Data {
        guard let inputShape, let input = operation.input else { return Data() }
        let writer = XMLBodyWriter(model: service)
        if let payloadName = inputShape.payload {
            guard let payload = inputShape.member(named: payloadName), let value = members[payloadName],
                  let payloadShape = service.shape(payload.ref.shape) else { return Data() }
            switch payloadShape.kind {
            case .blob, .string:
                return Data(value.blobBytes ?? [])
            default:
                return Data(writer.document(value, ref: payload.ref,
                                            name: payload.ref.wireName(payloadShape, default: payloadName)).utf8)
            }
        }
        guard !members.isEmpty else { return Data() }
        return Data(writer.document(.map(members), ref: input, name: input.wireName(inputShape, default: inputShape.name)).utf8)
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
