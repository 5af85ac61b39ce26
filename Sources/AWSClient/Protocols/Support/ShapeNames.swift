extension ShapeRef {
    /// The name a member or element has on the wire: the reference's `locationName`, else the
    /// target shape's, else `fallback` (botocore's "serialization name").
    func wireName(_ shape: Shape?, default fallback: String) -> String {
        locationName ?? shape?.locationName ?? fallback
    }

    func isFlattened(_ shape: Shape) -> Bool { flattened ?? shape.flattened }

    func namespace(_ shape: Shape) -> XMLNamespace? { xmlNamespace ?? shape.xmlNamespace }

    func timestampFormat(_ shape: Shape) -> String? { timestampFormat ?? shape.timestampFormat }
}

extension AWSValue {
    var isList: Bool { if case .list = self { return true } else { return false } }

    /// Blob members accept data or text (sent as UTF-8).
    var blobBytes: [UInt8]? {
        switch self {
        case .blob(let d): return [UInt8](d)
        case .string(let s): return Array(s.utf8)
        default: return nil
        }
    }
}

enum ScalarText {
    /// A scalar as text for query forms, XML elements and headers (`format` picks timestamps).
    static func text(_ value: AWSValue, timestampFormat: String) -> String? {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .timestamp(let date):
            switch timestampFormat {
            case "unixTimestamp": return Timestamps.epochSeconds(date)
            case "rfc822": return Timestamps.rfc822(date)
            default: return Timestamps.iso8601(date)
            }
        case .blob(let d): return d.base64EncodedString()
        case .null, .list, .map: return nil
        }
    }
}
