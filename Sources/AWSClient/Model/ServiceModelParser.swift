import Foundation

/// Reads the embedded JSON of a trimmed botocore model into `ServiceModel`.
enum ServiceModelParser {
    /// Protocols secmon implements, in botocore's order of preference.
    static let supportedProtocols = ["json", "rest-json", "rest-xml", "query"]

    static func parse(_ json: String, service: AWSService) throws(AWSError) -> ServiceModel {
        func broken(_ why: String) -> AWSError {
            AWSError(kind: .configuration, service: service.rawValue, operation: "", code: "ModelUnreadable",
                     message: "The embedded \(service.rawValue) model is unusable (\(why)); regenerate it with "
                        + "python3 scripts/codegen/generate-models.py.")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let root = object as? [String: Any],
              let metadata = root["metadata"] as? [String: Any],
              let operationsJSON = root["operations"] as? [String: Any],
              let shapesJSON = root["shapes"] as? [String: Any]
        else { throw broken("not a model document") }

        let offered = (metadata["protocols"] as? [String]) ?? [metadata["protocol"] as? String].compactMap { $0 }
        guard let protocolName = supportedProtocols.first(where: offered.contains) else {
            throw broken("no supported protocol among \(offered)")
        }
        let jsonVersion = metadata["jsonVersion"] as? String
        let wireProtocol: any WireProtocol
        switch protocolName {
        case "json": wireProtocol = JSONProtocol(version: jsonVersion ?? "1.0")
        case "rest-xml": wireProtocol = RestXMLProtocol()
        case "rest-json": wireProtocol = RestJSONProtocol()
        default: wireProtocol = QueryProtocol()
        }

        var shapes: [String: Shape] = [:]
        for (name, value) in shapesJSON {
            guard let dict = value as? [String: Any] else { throw broken("shape \(name)") }
            shapes[name] = try shape(name, dict, broken)
        }
        var operations: [String: OperationModel] = [:]
        for (name, value) in operationsJSON {
            guard let dict = value as? [String: Any] else { throw broken("operation \(name)") }
            operations[name] = operation(name, dict)
        }
        let endpointPrefix = metadata["endpointPrefix"] as? String ?? service.rawValue
        return ServiceModel(
            service: service,
            signingName: metadata["signingName"] as? String ?? endpointPrefix,
            endpointPrefix: endpointPrefix,
            globalEndpoint: metadata["globalEndpoint"] as? String,
            wireProtocol: wireProtocol,
            serviceId: metadata["serviceId"] as? String ?? service.rawValue,
            apiVersion: metadata["apiVersion"] as? String ?? "",
            protocolName: protocolName,
            targetPrefix: metadata["targetPrefix"] as? String,
            jsonVersion: jsonVersion,
            xmlNamespace: metadata["xmlNamespace"] as? String,
            awsQueryCompatible: metadata["awsQueryCompatible"] != nil,
            operations: operations,
            shapes: shapes)
    }

    private static func operation(_ name: String, _ d: [String: Any]) -> OperationModel {
        let http = d["http"] as? [String: Any] ?? [:]
        let checksum = d["httpChecksum"] as? [String: Any] ?? [:]
        return OperationModel(
            name: name,
            httpMethod: http["method"] as? String ?? "POST",
            requestURI: http["requestUri"] as? String ?? "/",
            input: (d["input"] as? [String: Any]).flatMap(ref),
            output: (d["output"] as? [String: Any]).flatMap(ref),
            errors: d["errors"] as? [String] ?? [],
            requestChecksumRequired: (d["httpChecksumRequired"] as? Bool ?? false)
                || (checksum["requestChecksumRequired"] as? Bool ?? false),
            requestAlgorithmMember: checksum["requestAlgorithmMember"] as? String,
            isUnsigned: d["authtype"] as? String == "none")
    }

    private static func shape(_ name: String, _ d: [String: Any],
                              _ broken: (String) -> AWSError) throws(AWSError) -> Shape {
        guard let typeName = d["type"] as? String, let kind = Shape.Kind(rawValue: typeName) else {
            throw broken("shape \(name) has an unknown type")
        }
        var members: [Member] = []
        for entry in d["members"] as? [[String: Any]] ?? [] {
            guard let memberName = entry["name"] as? String, let r = ref(entry) else {
                throw broken("a member of \(name)")
            }
            members.append(Member(name: memberName, ref: r))
        }
        let error = d["error"] as? [String: Any]
        return Shape(
            name: name, kind: kind, members: members,
            required: Set(d["required"] as? [String] ?? []),
            enumValues: d["enum"] as? [String],
            min: number(d["min"]), max: number(d["max"]),
            pattern: d["pattern"] as? String,
            locationName: d["locationName"] as? String,
            flattened: d["flattened"] as? Bool ?? false,
            xmlNamespace: namespace(d["xmlNamespace"]),
            payload: d["payload"] as? String,
            timestampFormat: d["timestampFormat"] as? String,
            sensitive: d["sensitive"] as? Bool ?? false,
            streaming: d["streaming"] as? Bool ?? false,
            member: (d["member"] as? [String: Any]).flatMap(ref),
            key: (d["key"] as? [String: Any]).flatMap(ref),
            value: (d["value"] as? [String: Any]).flatMap(ref),
            isException: d["exception"] as? Bool ?? false,
            isUnion: d["union"] as? Bool ?? false,
            errorCode: error?["code"] as? String,
            errorStatus: (error?["httpStatusCode"] as? NSNumber)?.intValue)
    }

    private static func ref(_ d: [String: Any]) -> ShapeRef? {
        guard let shape = d["shape"] as? String else { return nil }
        return ShapeRef(
            shape: shape,
            location: (d["location"] as? String).flatMap(ShapeRef.Location.init(rawValue:)),
            locationName: d["locationName"] as? String,
            queryName: d["queryName"] as? String,
            flattened: d["flattened"] as? Bool,
            xmlNamespace: namespace(d["xmlNamespace"]),
            xmlAttribute: d["xmlAttribute"] as? Bool ?? false,
            timestampFormat: d["timestampFormat"] as? String,
            jsonValue: d["jsonvalue"] as? Bool ?? false,
            idempotencyToken: d["idempotencyToken"] as? Bool ?? false,
            hostLabel: d["hostLabel"] as? Bool ?? false,
            streaming: d["streaming"] as? Bool ?? false,
            resultWrapper: d["resultWrapper"] as? String)
    }

    private static func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

    private static func namespace(_ any: Any?) -> XMLNamespace? {
        if let uri = any as? String { return XMLNamespace(uri: uri, prefix: nil) }
        guard let d = any as? [String: Any], let uri = d["uri"] as? String else { return nil }
        return XMLNamespace(uri: uri, prefix: d["prefix"] as? String)
    }
}
