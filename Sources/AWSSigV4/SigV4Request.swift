/// A request as the signer sees it: no URL type, so the canonical form is fully under our control.
public struct SigV4Request: Sendable, Hashable {
    /// A header or a query parameter: a name and its value.
    public struct NameValue: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }
    public typealias Header = NameValue
    public typealias QueryParameter = NameValue

    public var method: String
    /// The path exactly as it goes on the wire (already percent-encoded where needed).
    public var path: String
    /// Query parameters, not percent-encoded; the signer encodes them its own (strict) way.
    public var query: [QueryParameter]
    /// Must include `Host`.
    public var headers: [Header]
    public var body: [UInt8]

    public init(method: String, path: String, query: [QueryParameter] = [], headers: [Header],
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
