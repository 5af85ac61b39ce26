import Foundation

/// Sends one HTTP request and returns whatever status came back; throws only when no reply
/// arrived. The client's seam for tests (a fake transport) and for the real network.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: Duration) async throws(HTTPTransportError) -> HTTPResponse
}

/// Why no reply arrived, with a sentence a person can act on.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        case connectionRefused, connectionReset, timedOut, hostNotFound, tls, cancelled, other

        /// The `AWSError.code` the client reports for it.
        public var code: String {
            switch self {
            case .connectionRefused: return "ConnectionRefused"
            case .connectionReset: return "ConnectionReset"
            case .timedOut: return "RequestTimedOut"
            case .hostNotFound: return "HostNotFound"
            case .tls: return "TLSFailure"
            case .cancelled: return "Cancelled"
            case .other: return "TransportFailure"
            }
        }
    }

    public var reason: Reason
    /// Scheme, host and port only: paths and queries can carry resource names.
    public var target: String
    public var detail: String

    public init(reason: Reason, url: URL, detail: String) {
        self.reason = reason
        var origin = "\(url.scheme ?? "https")://\(url.host ?? "?")"
        if let port = url.port { origin += ":\(port)" }
        target = origin
        self.detail = detail
    }

    public var description: String {
        switch reason {
        case .connectionRefused: return "could not connect to \(target) (connection refused)"
        case .connectionReset: return "the connection to \(target) was closed before a reply arrived"
        case .timedOut: return "no reply from \(target) within the timeout (\(detail))"
        case .hostNotFound: return "could not resolve the host of \(target)"
        case .tls: return "the TLS connection to \(target) failed (\(detail))"
        case .cancelled: return "the request to \(target) was cancelled"
        case .other: return "the request to \(target) failed (\(detail))"
        }
    }
}
