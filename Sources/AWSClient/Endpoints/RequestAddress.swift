import AWSSigV4
import Foundation

/// An encoded request placed on an endpoint: the URL to send to and the parts the signer needs.
struct RequestAddress: Sendable, Hashable {
    var url: URL
    /// `host[:port]`, as the HTTP client will send it in `Host`.
    var hostHeader: String
    /// The path as it goes on the wire.
    var path: String
    var query: [SigV4Request.QueryParameter]

    /// Places `request` on `endpoint`. S3 buckets go in the host (virtual-hosted style) when the
    /// name is a plain DNS label and the endpoint is AWS's own; otherwise in front of the path.
    static func make(_ request: EncodedRequest, endpoint: Endpoint, s3ForcePathStyle: Bool) throws -> RequestAddress {
        guard var components = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false),
              var host = components.host else {
            throw AWSError.configuration("InvalidEndpoint", "The endpoint \(endpoint.url) has no host.")
        }
        let basePath = components.percentEncodedPath.hasSuffix("/")
            ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        var path = request.path.isEmpty ? "/" : request.path
        if let bucket = request.bucket {
            if !endpoint.isCustom && !s3ForcePathStyle && isVirtualHostCompatible(bucket: bucket) {
                host = "\(bucket).\(host)"
            } else {
                let bucketSegment = "/" + URIEncoding.encode(bucket)
                path = path == "/" ? bucketSegment : bucketSegment + path
            }
        }
        path = basePath + path

        let query = request.query.map { SigV4Request.QueryParameter($0.name, $0.value ?? "") }
        let queryText = request.query.map { item in
            item.value.map { "\(URIEncoding.encode(item.name))=\(URIEncoding.encode($0))" } ?? URIEncoding.encode(item.name)
        }.joined(separator: "&")

        components.host = host
        components.percentEncodedPath = path
        components.percentEncodedQuery = queryText.isEmpty ? nil : queryText
        guard let url = components.url else {
            throw AWSError.configuration("InvalidEndpoint", "Could not form a request URL on \(endpoint.url) for path \(path).")
        }
        var hostHeader = host
        if let port = components.port, port != defaultPort(scheme: components.scheme) { hostHeader += ":\(port)" }
        return RequestAddress(url: url, hostHeader: hostHeader, path: path, query: query)
    }

    /// A bucket can be a host label when it is a valid DNS label: 3-63 lowercase letters, digits
    /// and dashes, starting and ending with a letter or digit. Names with dots are left in the
    /// path: `a.b.s3.amazonaws.com` would not match S3's TLS certificate.
    static func isVirtualHostCompatible(bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        let isAlphanumeric: (UInt8) -> Bool = {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static func defaultPort(scheme: String?) -> Int {
        scheme?.lowercased() == "http" ? 80 : 443
    }
}
