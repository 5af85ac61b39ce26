import Foundation

/// Reads XML reply elements into model-shaped values (query and rest-xml), following botocore:
/// lists are `member` elements unless flattened, maps are `entry`/`key`/`value` unless
/// renamed or flattened. Members bound to headers or the status code are skipped here.
struct XMLReplyReader {
    let model: ServiceModel

    func read(_ node: XMLTree, ref: ShapeRef) -> AWSValue? {
        guard let shape = model.shape(ref.shape) else { return nil }
        switch shape.kind {
        case .structure: return .map(structure(node, shape: shape))
        case .list:
            guard let element = shape.member else { return nil }
            let name = element.wireName(model.shape(element.shape), default: "member")
            return .list(node.children(named: name).compactMap { read($0, ref: element) })
        case .map:
            return .map(entries(node.children(named: "entry"), shape: shape))
        default:
            return scalar(node.text, shape: shape)
        }
    }

    /// The members of a structure element, by model name.
    func structure(_ node: XMLTree, shape: Shape) -> [String: AWSValue] {
        var members: [String: AWSValue] = [:]
        for member in shape.members where member.ref.location == nil {
            guard let memberShape = model.shape(member.ref.shape) else { continue }
            if member.ref.xmlAttribute {
                let name = member.ref.wireName(memberShape, default: member.name)
                let local = name.split(separator: ":").last.map(String.init) ?? name
                if let text = node.attributes[name] ?? node.attributes[local] {
                    members[member.name] = scalar(text, shape: memberShape)
                }
                continue
            }
            if member.ref.isFlattened(memberShape), memberShape.kind == .list, let element = memberShape.member {
                let name = element.locationName ?? member.ref.wireName(memberShape, default: member.name)
                let nodes = node.children(named: name)
                if !nodes.isEmpty { members[member.name] = .list(nodes.compactMap { read($0, ref: element) }) }
                continue
            }
            let name = member.ref.wireName(memberShape, default: member.name)
            if member.ref.isFlattened(memberShape), memberShape.kind == .map {
                let nodes = node.children(named: name)
                if !nodes.isEmpty { members[member.name] = .map(entries(nodes, shape: memberShape)) }
                continue
            }
            if let child = node.child(name), let value = read(child, ref: member.ref) {
                members[member.name] = value
            }
        }
        return members
    }

    private func entries(_ nodes: [XMLTree], shape: Shape) -> [String: AWSValue] {
        guard let keyRef = shape.key, let valueRef = shape.value else { return [:] }
        let keyName = keyRef.wireName(model.shape(keyRef.shape), default: "key")
        let valueName = valueRef.wireName(model.shape(valueRef.shape), default: "value")
        var result: [String: AWSValue] = [:]
        for entry in nodes {
            guard let key = entry.child(keyName)?.text else { continue }
            if let valueNode = entry.child(valueName), let value = read(valueNode, ref: valueRef) {
                result[key] = value
            }
        }
        return result
    }

    /// A scalar from element text, an attribute or a header value; nil when it does not parse.
    func scalar(_ text: String, shape: Shape) -> AWSValue? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch shape.kind {
        case .string: return .string(text)
        case .integer, .long: return Int64(trimmed).map(AWSValue.integer)
        case .float, .double: return Double(trimmed).map(AWSValue.double)
        case .boolean:
            switch trimmed.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .timestamp: return Timestamps.parse(trimmed).map(AWSValue.timestamp)
        case .blob:
            return Data(base64Encoded: trimmed, options: .ignoreUnknownCharacters).map(AWSValue.blob)
        case .structure, .list, .map: return nil
        }
    }
}
