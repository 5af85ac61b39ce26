import Foundation

/// The AWS query protocol: a form body (`Action`, `Version`, flattened member names) and an XML
/// reply. SNS, IAM, STS.
public struct QueryProtocol: WireProtocol {
    public init() {}

    public func encode(_ input: AWSValue, operation: OperationModel, service: ServiceModel) throws -> EncodedRequest {
        try service.validate(input, for: operation)
        let filled = IdempotencyTokens.fill(input, operation: operation, service: service)
        var pairs: [(String, String)] = [("Action", operation.name), ("Version", service.apiVersion)]
        if let ref = operation.input {
            QueryFormWriter(model: service).write(filled.isNull ? .map([:]) : filled, ref: ref, prefix: "",
                                                  into: &pairs)
        }
        return EncodedRequest(
            method: "POST", path: "/",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(PercentEncoding.formBody(pairs).utf8))
    }

    public func decode(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) throws -> AWSValue {
        guard let output = operation.output else { return .map([:]) }
        guard let root = XMLTree.parse(response.body) else {
            throw ReplyErrors.unreadable(response, operation: operation, service: service, expected: "XML")
        }
        let start = output.resultWrapper.flatMap { root.child($0) } ?? root
        guard let shape = service.shape(output.shape) else { return .map([:]) }
        let value = AWSValue.map(XMLReplyReader(model: service).structure(start, shape: shape))
        return ReplyCustomizations.apply(value, ref: output, service: service)
    }

    public func decodeError(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel) -> AWSError {
        guard let root = XMLTree.parse(response.body) else {
            return NonAWSReply.error(response, service: service, operation: operation)
        }
        // <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>, or
        // <Response><Errors><Error>…</Error></Errors><RequestID/></Response> (older services).
        let error = root.name == "Error" ? root : (root.child("Error") ?? root.find("Errors", "Error"))
        guard let error, let code = error.child("Code").flatMap({ ReplyErrors.cleanCode($0.text) }) else {
            return NonAWSReply.error(response, service: service, operation: operation)
        }
        let message = (error.child("Message") ?? error.child("message"))?.text ?? ""
        let requestID = (root.child("RequestId") ?? root.child("RequestID") ?? error.child("RequestId"))?.text
        return AWSError(kind: .service, service: service.service.rawValue, operation: operation.name, code: code,
                        message: ReplyErrors.cleanMessage(message), status: response.status,
                        requestID: requestID.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                            ?? NonAWSReply.requestID(response.headers))
    }
}

/// Flattens a model-shaped value into query form pairs, following botocore's query serializer.
struct QueryFormWriter {
    let model: ServiceModel

    func write(_ value: AWSValue, ref: ShapeRef, prefix: String, into pairs: inout [(String, String)]) {
        guard !value.isNull, let shape = model.shape(ref.shape) else { return }
        switch (shape.kind, value) {
        case (.structure, .map(let given)):
            for member in shape.members {
                guard let v = given[member.name], !v.isNull else { continue }
                let name = member.ref.wireName(nil, default: member.name)
                write(v, ref: member.ref, prefix: prefix.isEmpty ? name : "\(prefix).\(name)", into: &pairs)
            }
        case (.list, .list(let items)):
            guard let element = shape.member else { return }
            if items.isEmpty {
                pairs.append((prefix, ""))
                return
            }
            let listPrefix: String
            if ref.isFlattened(shape) {
                if let name = element.locationName {
                    listPrefix = (prefix.split(separator: ".").dropLast().map(String.init) + [name])
                        .joined(separator: ".")
                } else {
                    listPrefix = prefix
                }
            } else {
                listPrefix = "\(prefix).\(element.locationName ?? "member")"
            }
            for (i, item) in items.enumerated() {
                write(item, ref: element, prefix: "\(listPrefix).\(i + 1)", into: &pairs)
            }
        case (.map, .map(let entries)):
            guard let keyRef = shape.key, let valueRef = shape.value else { return }
            let base = ref.isFlattened(shape) ? prefix : "\(prefix).entry"
            let keyName = keyRef.locationName ?? "key"
            let valueName = valueRef.locationName ?? "value"
            for (i, key) in entries.keys.sorted().enumerated() {
                pairs.append(("\(base).\(i + 1).\(keyName)", key))
                write(entries[key] ?? .null, ref: valueRef, prefix: "\(base).\(i + 1).\(valueName)", into: &pairs)
            }
        case (.blob, _):
            pairs.append((prefix, Data(value.blobBytes ?? []).base64EncodedString()))
        default:
            let format = ref.timestampFormat(shape) ?? "iso8601"
            if let text = ScalarText.text(value, timestampFormat: format) { pairs.append((prefix, text)) }
        }
    }
}
