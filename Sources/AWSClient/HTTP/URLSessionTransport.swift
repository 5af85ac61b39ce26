import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: URLSession (libcurl on Linux), no cookies, no cache, a timeout per request.
public struct URLSessionTransport: HTTPTransport {
    public init() {}

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
        let session = OneShotSession.session()
        defer { OneShotSession.done(with: session) }
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
    /// bytes could hold a request forever, so a hard deadline races the request.
    ///
    /// Neither the deadline nor a cancellation may call `URLSessionTask.cancel()` from a Swift
    /// concurrency thread: on Linux, FoundationNetworking's cancel can block until the task's
    /// completion side runs, and with the cooperative pool's few threads busy that never
    /// happens (a deadlock seen with `async let` reads). So the request is a completion-handler
    /// task whose outcome is delivered exactly once, and cancel() is called from a GCD queue.
    private static func data(for request: URLRequest, session: URLSession, deadline: Duration) async throws
        -> (Data, URLResponse)
    {
        let exchange = PendingExchange()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        exchange.finish(.failure(error))
                    } else if let response {
                        exchange.finish(.success((data ?? Data(), response)))
                    } else {
                        exchange.finish(.failure(URLError(.badServerResponse)))
                    }
                }
                exchange.start(continuation, task: task)
                let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                    exchange.abandon(with: URLError(.timedOut))
                }
            }
        } onCancel: {
            DispatchQueue.global().async { exchange.abandon(with: CancellationError()) }
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

/// One request's outcome, delivered exactly once whichever comes first: the reply, the
/// deadline, or a cancellation.
private final class PendingExchange: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
    private var task: URLSessionDataTask?
    private var outcome: Result<(Data, URLResponse), any Error>?

    func start(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>, task: URLSessionDataTask) {
        lock.lock()
        if let outcome {
            // Cancelled before the request was even started.
            lock.unlock()
            continuation.resume(with: outcome)
            return
        }
        self.continuation = continuation
        self.task = task
        lock.unlock()
        task.resume()
    }

    func finish(_ result: Result<(Data, URLResponse), any Error>) {
        lock.lock()
        guard outcome == nil else { lock.unlock(); return }
        outcome = result
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(with: result)
    }

    /// Ends the wait with `error` and stops the request (called on a GCD thread only).
    func abandon(with error: any Error) {
        finish(.failure(error))
        lock.lock()
        let task = self.task
        self.task = nil
        lock.unlock()
        task?.cancel()
    }
}

/// A URLSession for exactly one request.
///
/// FoundationNetworking (Swift 6.3 on Linux) stalls a request until its timeout when the server
/// drops a reused keep-alive connection: the connection is gone, libcurl's "retry on a fresh
/// connection" path never completes, and the transfers sharing its multi handle stall with it.
/// Seen against a proxy dropping 30% of connections: 20 s stalls on reused connections, none
/// on fresh ones, none with curl itself. AWS closes idle connections too, so this is not only
/// a test artefact. A session per request means no connection reuse (a TLS handshake per
/// request against AWS), which secmon's request volume affords; a stalled plan it does not.
enum OneShotSession {
    static func session() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }

    static func done(with session: URLSession) {
        // Invalidation can block like cancel() (see PendingExchange); let GCD do it.
        DispatchQueue.global().async { session.finishTasksAndInvalidate() }
    }
}
