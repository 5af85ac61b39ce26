import Foundation

/// Reads a JSON reply into a model-shaped value, typed by the output shape. Unknown keys and
/// values of the wrong type are left out rather than failing the call.
struct JSONReplyReader {
    let model: ServiceModel

    func read(_ json: Any, ref: ShapeRef) -> AWSValue? {
        guard let shape = model.shape(ref.shape) else { return nil }
        switch shape.kind {
        case .structure:
            guard let dict = json as? [String: Any] else { return nil }
            var members: [String: AWSValue] = [:]
            for member in shape.members {
                guard let raw = dict[member.ref.wireName(nil, default: member.name)] else { continue }
                if let v = read(raw, ref: member.ref) { members[member.name] = v }
            }
            return .map(members)
        case .list:
            guard let array = json as? [Any], let element = shape.member else { return nil }
            return .list(array.compactMap { read($0, ref: element) })
        case .map:
            guard let dict = json as? [String: Any], let valueRef = shape.value else { return nil }
            var entries: [String: AWSValue] = [:]
            for (k, raw) in dict { if let v = read(raw, ref: valueRef) { entries[k] = v } }
            return .map(entries)
        case .string:
            if let s = json as? String { return .string(s) }
            return nil
        case .integer, .long:
            if let text = json as? String { return Int64(text).map(AWSValue.integer) }
            if let exact = json as? Int64 { return .integer(exact) }
            // A fraction or an out-of-range number: truncate when it fits, else leave it out.
            guard let number = json as? NSNumber, number.doubleValue.isFinite else { return nil }
            return Int64(exactly: number.doubleValue.rounded(.towardZero)).map(AWSValue.integer)
        case .float, .double:
            if let s = json as? String { return Double(s).map(AWSValue.double) }
            return (json as? NSNumber).map { .double($0.doubleValue) }
        case .boolean:
            if let b = json as? Bool { return .bool(b) }
            return (json as? NSNumber).map { .bool($0.boolValue) }
        case .timestamp:
            if let s = json as? String { return Timestamps.parse(s).map(AWSValue.timestamp) }
            return (json as? NSNumber).flatMap { Timestamps.fromEpoch($0.doubleValue) }.map(AWSValue.timestamp)
        case .blob:
            return (json as? String).flatMap { Data(base64Encoded: $0) }.map(AWSValue.blob)
        }
    }

    /// The body as a JSON object; an empty body is an empty object.
    static func object(_ body: Data) -> [String: Any]? {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return [:] }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}
