import Foundation

/// The real transport: libcurl, through one process-wide `CurlConnectionPool` (keep-alive
/// connections, TLS session reuse, a limit per host), a hard deadline per request, and
/// cancellation that never blocks a Swift concurrency thread.
public struct CurlTransport: HTTPTransport {
    public let pool: CurlConnectionPool
    /// A PEM file of certificate authorities to trust instead of the system's
    /// (`AWS_CA_BUNDLE`, or `ca_bundle` in the profile, as in the SDKs).
    public let caBundle: String?

    public init(pool: CurlConnectionPool = .shared, caBundle: String? = nil) {
        self.pool = pool
        self.caBundle = caBundle
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(HTTPTransportError) -> HTTPResponse {
        let transfer: CurlTransfer
        do {
            transfer = try CurlTransfer(request, timeout: timeout, caBundle: caBundle)
        } catch {
            throw error
        }
        let pool = self.pool
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>) in
                if transfer.wait(continuation) { pool.start(transfer) }
            }
        } onCancel: {
            // Answer the caller now; the pool's thread drops the transfer when it next wakes.
            transfer.finish(.failure(HTTPTransportError(reason: .cancelled, url: request.url, detail: "cancelled")))
            pool.stop(transfer)
        }
        return try outcome.get()
    }
}
