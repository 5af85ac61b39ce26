import Foundation

/// The part rest-xml and rest-json share: members bound to the URI, the query string and
/// headers by their `location`; what is left goes in the body, which each protocol writes its way.
enum RestRequestBinding {
    static func bind(_ given: [String: AWSValue], operation: OperationModel, service: ServiceModel)
        -> (request: EncodedRequest, bodyMembers: [String: AWSValue])
    {
        var request = EncodedRequest(method: operation.httpMethod, path: "/")
        let (pathTemplate, literalQuery) = RestXMLRequestParts.splitURI(operation.requestURI)
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
                let format = member.ref.timestampFormat(shape) ?? "iso8601"
                labels[wireName] = ScalarText.text(value, timestampFormat: format)
            case .querystring:
                request.query += RestXMLRequestParts.queryItems(value, name: wireName, ref: member.ref, shape: shape)
            case .header:
                if let text = RestXMLRequestParts.headerText(value, ref: member.ref, shape: shape) {
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
        let (path, bucket) = RestXMLRequestParts.expand(pathTemplate, labels: labels,
                                                        bucketAware: service.service == .s3)
        request.path = path
        request.bucket = bucket
        return (request, bodyMembers)
    }
}
