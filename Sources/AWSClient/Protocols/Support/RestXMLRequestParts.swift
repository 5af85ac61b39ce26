import Foundation

/// The pieces of a rest-xml request: the URI template with its labels, query string and header
/// members, and the body (an XML document or a raw payload).
enum RestXMLRequestParts {
    /// "/{Bucket}?list-type=2" → ("/{Bucket}", [list-type=2]). A bare flag ("?delete") gets a nil
    /// value: the URL carries it as `?delete` (moto ignores `?delete=`), SigV4 signs it as `delete=`.
    static func splitURI(_ uri: String) -> (String, [URLQueryItem]) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        guard parts.count > 1 else { return (path, []) }
        let items = parts[1].split(separator: "&").map { pair -> URLQueryItem in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return URLQueryItem(name: String(kv[0]), value: kv.count > 1 ? String(kv[1]) : nil)
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
            if bucketAware && name == RestXMLProtocol.bucketLabel {
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

    /// Query-string members: a list repeats its name, a map contributes its own keys.
    static func queryItems(_ value: AWSValue, name: String, ref: ShapeRef, shape: Shape) -> [URLQueryItem] {
        let format = ref.timestampFormat(shape) ?? "iso8601"
        func items(_ name: String, _ value: AWSValue) -> [URLQueryItem] {
            let values = value.isList ? value.list : [value]
            return values.compactMap { ScalarText.text($0, timestampFormat: format) }
                .map { URLQueryItem(name: name, value: $0) }
        }
        if shape.kind == .map {
            return value.map.sorted(by: { $0.key < $1.key }).flatMap { items($0.key, $0.value) }
        }
        return items(name, value)
    }

    static func headerText(_ value: AWSValue, ref: ShapeRef, shape: Shape) -> String? {
        let format = ref.timestampFormat(shape) ?? "rfc822"
        if ref.jsonValue, case .string(let json) = value { return Data(json.utf8).base64EncodedString() }
        if case .list(let items) = value {
            return items.compactMap { ScalarText.text($0, timestampFormat: format) }.joined(separator: ",")
        }
        return ScalarText.text(value, timestampFormat: format)
    }

    /// The body and whether it is XML (else a raw blob or string payload).
    static func body(_ members: [String: AWSValue], inputShape: Shape?, operation: OperationModel,
                     service: ServiceModel) -> (Data, isXML: Bool) {
        guard let inputShape, let input = operation.input else { return (Data(), false) }
        let writer = XMLBodyWriter(model: service)
        if let payloadName = inputShape.payload {
            guard let payload = inputShape.member(named: payloadName), let value = members[payloadName],
                  let payloadShape = service.shape(payload.ref.shape) else { return (Data(), false) }
            switch payloadShape.kind {
            case .blob, .string:
                return (Data(value.blobBytes ?? []), false)
            default:
                let name = payload.ref.wireName(payloadShape, default: payloadName)
                return (Data(writer.document(value, ref: payload.ref, name: name).utf8), true)
            }
        }
        guard !members.isEmpty else { return (Data(), false) }
        let name = input.wireName(inputShape, default: inputShape.name)
        return (Data(writer.document(.map(members), ref: input, name: name).utf8), true)
    }
}
