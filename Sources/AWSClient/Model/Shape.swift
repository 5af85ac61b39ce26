/// One shape of a botocore model: a type with its constraints and wire traits.
public struct Shape: Sendable {
    public enum Kind: String, Sendable {
        case structure, list, map, string, integer, long, float, double, boolean, timestamp, blob
    }

    public var name: String
    public var kind: Kind
    /// Structure members in model order (the order XML and form bodies use).
    public var members: [Member]
    public var required: Set<String>
    public var enumValues: [String]?
    /// Length (strings, blobs, lists, maps) or value (numbers) bounds.
    public var min: Double?
    public var max: Double?
    public var pattern: String?
    public var locationName: String?
    public var flattened: Bool
    public var xmlNamespace: XMLNamespace?
    /// The member that is the HTTP body (rest-xml).
    public var payload: String?
    public var timestampFormat: String?
    public var sensitive: Bool
    public var streaming: Bool
    /// List element / map key / map value.
    public var member: ShapeRef?
    public var key: ShapeRef?
    public var value: ShapeRef?
    public var isException: Bool
    /// A union: a structure of which exactly one member is set.
    public var isUnion: Bool
    /// The query-protocol error code, when it differs from the shape name.
    public var errorCode: String?
    public var errorStatus: Int?

    private var memberIndex: [String: Int]

    init(name: String, kind: Kind, members: [Member] = [], required: Set<String> = [], enumValues: [String]? = nil,
         min: Double? = nil, max: Double? = nil, pattern: String? = nil, locationName: String? = nil,
         flattened: Bool = false, xmlNamespace: XMLNamespace? = nil, payload: String? = nil,
         timestampFormat: String? = nil, sensitive: Bool = false, streaming: Bool = false,
         member: ShapeRef? = nil, key: ShapeRef? = nil, value: ShapeRef? = nil, isException: Bool = false,
         isUnion: Bool = false, errorCode: String? = nil, errorStatus: Int? = nil) {
        self.name = name
        self.kind = kind
        self.members = members
        self.required = required
        self.enumValues = enumValues
        self.min = min
        self.max = max
        self.pattern = pattern
        self.locationName = locationName
        self.flattened = flattened
        self.xmlNamespace = xmlNamespace
        self.payload = payload
        self.timestampFormat = timestampFormat
        self.sensitive = sensitive
        self.streaming = streaming
        self.member = member
        self.key = key
        self.value = value
        self.isException = isException
        self.isUnion = isUnion
        self.errorCode = errorCode
        self.errorStatus = errorStatus
        var index: [String: Int] = [:]
        for (i, m) in members.enumerated() { index[m.name] = i }
        self.memberIndex = index
    }

    public func member(named name: String) -> Member? {
        memberIndex[name].map { members[$0] }
    }
}

/// A structure member: its model name and the reference to its shape.
public struct Member: Sendable {
    public var name: String
    public var ref: ShapeRef
}

/// A reference to a shape with the traits the referring site adds (botocore merges these
/// over the target shape's own traits).
public struct ShapeRef: Sendable {
    public enum Location: String, Sendable {
        case header, headers, querystring, uri, statusCode
    }

    public var shape: String
    public var location: Location?
    public var locationName: String?
    public var queryName: String?
    public var flattened: Bool?
    public var xmlNamespace: XMLNamespace?
    public var xmlAttribute: Bool
    public var timestampFormat: String?
    public var jsonValue: Bool
    public var idempotencyToken: Bool
    public var hostLabel: Bool
    public var streaming: Bool
    /// Query protocol outputs: the element that wraps the result.
    public var resultWrapper: String?

    init(shape: String, location: Location? = nil, locationName: String? = nil, queryName: String? = nil,
         flattened: Bool? = nil, xmlNamespace: XMLNamespace? = nil, xmlAttribute: Bool = false,
         timestampFormat: String? = nil, jsonValue: Bool = false, idempotencyToken: Bool = false,
         hostLabel: Bool = false, streaming: Bool = false, resultWrapper: String? = nil) {
        self.shape = shape
        self.location = location
        self.locationName = locationName
        self.queryName = queryName
        self.flattened = flattened
        self.xmlNamespace = xmlNamespace
        self.xmlAttribute = xmlAttribute
        self.timestampFormat = timestampFormat
        self.jsonValue = jsonValue
        self.idempotencyToken = idempotencyToken
        self.hostLabel = hostLabel
        self.streaming = streaming
        self.resultWrapper = resultWrapper
    }
}

/// An XML namespace declaration (`xmlns` or `xmlns:prefix`).
public struct XMLNamespace: Sendable, Hashable {
    public var uri: String
    public var prefix: String?
}
