import SecmonCore
import Foundation

/// Writes a model-shaped value as the JSON body of AWS JSON protocols: members in model order
/// under their wire names, timestamps as epoch seconds, blobs as base64.
struct JSONBodyWriter {
    let model: ServiceModel

    func write(_ value: AWSValue, ref: ShapeRef) -> String {
        var out = ""
        write(value, ref: ref, into: &out)
        return out
    }

    private func write(_ value: AWSValue, ref: ShapeRef, into out: inout String) {
        guard let shape = model.shape(ref.shape) else { return writeUntyped(value, into: &out) }
        switch (shape.kind, value) {
        case (.structure, .map(let given)):
            out += "{"
            var first = true
            for member in shape.members {
                guard let v = given[member.name], !v.isNull else { continue }
                if !first { out += "," }
                first = false
                out += Self.quoted(member.ref.wireName(nil, default: member.name)) + ":"
                write(v, ref: member.ref, into: &out)
            }
            out += "}"
        case (.map, .map(let entries)):
            out += "{"
            for (i, key) in entries.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += Self.quoted(key) + ":"
                if let valueRef = shape.value { write(entries[key] ?? .null, ref: valueRef, into: &out) }
            }
            out += "}"
        case (.list, .list(let items)):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if let element = shape.member { write(item, ref: element, into: &out) }
            }
            out += "]"
        case (.timestamp, .timestamp(let date)):
            switch ref.timestampFormat(shape) {
            case "iso8601": out += Self.quoted(Timestamps.iso8601(date))
            case "rfc822": out += Self.quoted(Timestamps.rfc822(date))
            default: out += Timestamps.epochSeconds(date)
            }
        case (.blob, _):
            out += Self.quoted(Data(value.blobBytes ?? []).base64EncodedString())
        default:
            writeUntyped(value, into: &out)
        }
    }

    private func writeUntyped(_ value: AWSValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .double(let d):
            // JSON has no NaN or infinities; AWS JSON protocols spell them as strings.
            if d.isNaN {
                out += "\"NaN\""
            } else if d.isInfinite {
                out += d > 0 ? "\"Infinity\"" : "\"-Infinity\""
            } else {
                out += d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            }
        case .string(let s): out += Self.quoted(s)
        case .timestamp(let date): out += Timestamps.epochSeconds(date)
        case .blob(let d): out += Self.quoted(d.base64EncodedString())
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                writeUntyped(item, into: &out)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, key) in m.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += Self.quoted(key) + ":"
                writeUntyped(m[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    /// JSON string syntax, shared with the plan and schema writers.
    static func quoted(_ s: String) -> String { JSONString.quoted(s) }
}
