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
        urlRequest.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        for header in request.headers where header.name.lowercased() != "host" {
            // The HTTP client derives Host from the URL; the signer used the same value.
            urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }

        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
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
