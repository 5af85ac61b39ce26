import Foundation

/// AWS Signature Version 4, as pure functions of a request, credentials, scope and time.
///
/// Each step of the algorithm is a separate function so tests can check the intermediate forms
/// (canonical request, string to sign, signature) against the public test suite.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: SigV4Credentials
    public var region: String
    /// The signing name (botocore `signingName`), e.g. `monitoring` is not one: CloudWatch signs
    /// as `monitoring`, S3 as `s3`.
    public var service: String
    public var options: SigV4Options

    public init(credentials: SigV4Credentials, region: String, service: String, options: SigV4Options = .standard) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    // MARK: Header signing

    /// `request` with `X-Amz-Date`, the session token, the payload hash (if the options say so)
    /// and `Authorization` added. Any earlier signing headers are replaced, so a retry can sign
    /// the same request again.
    public func signed(_ request: SigV4Request, at date: Date) -> SigV4Request {
        var prepared = headersAddedBeforeSigning(request, at: date)
        let canonical = canonicalRequest(prepared)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonical, at: date), at: date)
        prepared.headers.append(.init("Authorization", authorization(
            signedHeaders: signedHeaderNames(prepared.headers), signature: signature, at: date)))
        if options.sessionTokenPlacement == .addedAfterSigning, let token = credentials.sessionToken {
            prepared.headers.append(.init("X-Amz-Security-Token", token))
        }
        return prepared
    }

    /// `request` with the headers that are added before, and covered by, the signature.
    public func headersAddedBeforeSigning(_ request: SigV4Request, at date: Date) -> SigV4Request {
        let added: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]
        var prepared = request
        prepared.headers.removeAll { added.contains($0.name.lowercased()) }
        prepared.headers.append(.init("X-Amz-Date", SigV4Timestamp(date).dateTime))
        if options.signsPayloadHashHeader {
            prepared.headers.append(.init("x-amz-content-sha256", payloadHash(request.body)))
        }
        if options.sessionTokenPlacement == .signed, let token = credentials.sessionToken {
            prepared.headers.append(.init("X-Amz-Security-Token", token))
        }
        return prepared
    }

    /// The `Authorization` header value.
    public func authorization(signedHeaders: String, signature: String, at date: Date) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(at: date)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    // MARK: Query signing (presigned URLs)

    /// The `X-Amz-*` query parameters of a presigned request, without `X-Amz-Signature`.
    public func presigningParameters(for request: SigV4Request, at date: Date, expiresInSeconds: Int)
        -> [SigV4Request.QueryParameter]
    {
        var parameters: [SigV4Request.QueryParameter] = [
            .init("X-Amz-Algorithm", Self.algorithm),
            .init("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(at: date))"),
            .init("X-Amz-Date", SigV4Timestamp(date).dateTime),
            .init("X-Amz-Expires", String(expiresInSeconds)),
            .init("X-Amz-SignedHeaders", signedHeaderNames(request.headers)),
        ]
        if options.sessionTokenPlacement == .signed, let token = credentials.sessionToken {
            parameters.append(.init("X-Amz-Security-Token", token))
        }
        return parameters
    }

    /// `request` with every presigning parameter and `X-Amz-Signature` in its query.
    public func presigned(_ request: SigV4Request, at date: Date, expiresInSeconds: Int) -> SigV4Request {
        var prepared = request
        prepared.query += presigningParameters(for: request, at: date, expiresInSeconds: expiresInSeconds)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: canonicalRequest(prepared), at: date),
                                  at: date)
        if options.sessionTokenPlacement == .addedAfterSigning, let token = credentials.sessionToken {
            prepared.query.append(.init("X-Amz-Security-Token", token))
        }
        prepared.query.append(.init("X-Amz-Signature", signature))
        return prepared
    }

    // MARK: The steps

    /// Method, canonical URI, canonical query, canonical headers, signed headers, payload hash.
    public func canonicalRequest(_ request: SigV4Request) -> String {
        [
            request.method.uppercased(),
            canonicalURI(request.path),
            canonicalQuery(request.query),
            canonicalHeaders(request.headers),
            signedHeaderNames(request.headers),
            payloadHash(request.body),
        ].joined(separator: "\n")
    }

    public func stringToSign(canonicalRequest: String, at date: Date) -> String {
        [
            Self.algorithm,
            SigV4Timestamp(date).dateTime,
            credentialScope(at: date),
            Crypto.hex(Crypto.sha256(Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
    }

    /// HMAC chain secret -> date -> region -> service -> `aws4_request`.
    public func signingKey(at date: Date) -> [UInt8] {
        let dateKey = Crypto.hmacSHA256(key: Array(("AWS4" + credentials.secretAccessKey).utf8),
                                        data: Array(SigV4Timestamp(date).date.utf8))
        let regionKey = Crypto.hmacSHA256(key: dateKey, data: Array(region.utf8))
        let serviceKey = Crypto.hmacSHA256(key: regionKey, data: Array(service.utf8))
        return Crypto.hmacSHA256(key: serviceKey, data: Array("aws4_request".utf8))
    }

    /// Lowercase hex HMAC of the string to sign under the signing key.
    public func signature(stringToSign: String, at date: Date) -> String {
        Crypto.hex(Crypto.hmacSHA256(key: signingKey(at: date), data: Array(stringToSign.utf8)))
    }

    public func credentialScope(at date: Date) -> String {
        "\(SigV4Timestamp(date).date)/\(region)/\(service)/aws4_request"
    }

    public func payloadHash(_ body: [UInt8]) -> String {
        Crypto.hex(Crypto.sha256(body))
    }

    // MARK: Canonical forms

    public func canonicalURI(_ path: String) -> String {
        var wirePath = path.isEmpty ? "/" : path
        if options.normalizePath { wirePath = Self.normalized(wirePath) }
        if options.doubleEncodePath {
            return URIEncoding.encode(wirePath, keepingSlash: true)
        }
        // Single encoding: re-encode each segment strictly, so the canonical form doesn't depend
        // on how the wire path happened to escape it. An encoded "/" inside a segment survives.
        return wirePath.split(separator: "/", omittingEmptySubsequences: false)
            .map { URIEncoding.encode(URIEncoding.decode(String($0))) }
            .joined(separator: "/")
    }

    public func canonicalQuery(_ query: [SigV4Request.QueryParameter]) -> String {
        query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// `name:value\n` per signed header, names lowercased and sorted, values trimmed with inner
    /// whitespace runs collapsed, repeated names joined with "," in the order received.
    public func canonicalHeaders(_ headers: [SigV4Request.Header]) -> String {
        signedHeaderValues(headers).map { "\($0.name):\($0.value)\n" }.joined()
    }

    public func signedHeaderNames(_ headers: [SigV4Request.Header]) -> String {
        signedHeaderValues(headers).map(\.name).joined(separator: ";")
    }

    /// Headers an intermediary may add or change are not signed (as botocore does).
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id"]

    private func signedHeaderValues(_ headers: [SigV4Request.Header]) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if Self.unsignedHeaders.contains(name) { continue }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(Self.collapsingWhitespace(header.value))
        }
        return order.sorted().map { ($0, values[$0, default: []].joined(separator: ",")) }
    }

    static func collapsingWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }

    /// Removes `.` and `..` segments and merges repeated slashes; keeps a trailing slash.
    static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), !segments.isEmpty { result += "/" }
        return result
    }
}
