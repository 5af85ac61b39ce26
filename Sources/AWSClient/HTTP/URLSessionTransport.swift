import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: URLSession (libcurl on Linux), no cookies, no cache, a timeout per request.
public struct URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(HTTPTransportError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // FoundationNetworking treats a fraction of a second as zero (an immediate timeout), so
        // its idle timer gets whole seconds; the hard deadline below is exact.
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        urlRequest.timeoutInterval = max(1, seconds.rounded(.up))
        for header in request.headers where header.name.lowercased() != "host" {
            // The HTTP client derives Host from the URL; the signer used the same value.
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }

        let data: Data, response: URLResponse
        do {
            (data, response) = try await Self.data(for: urlRequest, session: session, deadline: timeout)
        } catch {
            throw Self.transportError(error, url: request.url, timeout: timeout)
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPTransportError(reason: .other, url: request.url, detail: "the reply was not HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// URLSession's own timeout only limits idle time between packets; a server that trickles
    /// bytes could hold a request forever. This races the request against a hard deadline.
    private static func data(for request: URLRequest, session: URLSession, deadline: Duration) async throws
        -> (Data, URLResponse)
    {
        try await withThrowingTaskGroup(of: (Data, URLResponse).self) { group in
            group.addTask { try await session.data(for: request) }
            group.addTask {
                try await Task.sleep(for: deadline)
                throw URLError(.timedOut)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw URLError(.unknown) }
            return first
        }
    }

    static func transportError(_ error: Error, url: URL, timeout: Duration) -> HTTPTransportError {
        guard let urlError = error as? URLError else {
            return HTTPTransportError(reason: error is CancellationError ? .cancelled : .other, url: url,
                                      detail: String(describing: error))
        }
        let reason: HTTPTransportError.Reason
        switch urlError.code {
        case .cannotConnectToHost: reason = .connectionRefused
        case .networkConnectionLost: reason = .connectionReset
        case .timedOut: reason = .timedOut
        case .cannotFindHost, .dnsLookupFailed: reason = .hostNotFound
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            reason = .tls
        case .cancelled: reason = .cancelled
        default: reason = .other
        }
        let detail = reason == .timedOut ? "\(timeout)" : urlError.localizedDescription
        return HTTPTransportError(reason: reason, url: url, detail: detail)
    }
}
