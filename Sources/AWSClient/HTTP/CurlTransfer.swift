import CCurl
import Foundation

/// One request on its way through libcurl. Built on the caller's thread; its easy handle is
/// made, driven and freed only on the pool's thread. Its outcome is delivered exactly once,
/// whichever comes first: the reply, a failure, or a cancellation.
final class CurlTransfer: @unchecked Sendable {
    let url: URL
    private let method: String
    private let headerLines: [String]
    private let body: Data
    private let timeoutMilliseconds: Int
    private let caBundle: String?

    // The pool's thread only.
    private(set) var easy: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var errorBuffer: UnsafeMutablePointer<CChar>?
    private var replyHeaders: [String: String] = [:]
    private var replyBody = Data()

    // Delivery, from any thread.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>?
    private var outcome: Result<HTTPResponse, HTTPTransportError>?

    init(_ request: HTTPRequest, timeout: Duration, caBundle: String?) throws(HTTPTransportError) {
        url = request.url
        method = request.method
        body = request.body
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        timeoutMilliseconds = max(1, Int(milliseconds))
        self.caBundle = caBundle
        headerLines = try Self.headerLines(request)
    }

    deinit { release() }

    /// `Name: value` lines for curl. Host is left to curl, which derives it from the URL as the
    /// signer did. The empty `Name:` lines stop curl adding headers of its own that the request
    /// does not have (an urlencoded Content-Type on every body, `Expect: 100-continue`, Accept).
    private static func headerLines(_ request: HTTPRequest) throws(HTTPTransportError) -> [String] {
        var lines: [String] = []
        var names: Set<String> = []
        for header in request.headers where header.name.lowercased() != "host" {
            // A line break would end the header and start another: refuse rather than send it.
            guard !header.name.contains(where: \.isNewline), !header.value.contains(where: \.isNewline) else {
                throw HTTPTransportError(reason: .other, url: request.url,
                                         detail: "the header \(header.name.filter { !$0.isNewline }) contains a line break")
            }
            lines.append("\(header.name): \(header.value)")
            names.insert(header.name.lowercased())
        }
        for name in ["Content-Type", "Expect", "Accept"] where !names.contains(name.lowercased()) {
            lines.append("\(name):")
        }
        return lines
    }

    // MARK: - Delivery (any thread)

    /// Holds the caller until `finish`; false when the outcome is already known (cancelled
    /// before it started), in which case the caller has been answered and nothing is sent.
    func wait(_ continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>) -> Bool {
        lock.lock()
        if let outcome {
            lock.unlock()
            continuation.resume(returning: outcome)
            return false
        }
        self.continuation = continuation
        lock.unlock()
        return true
    }

    func finish(_ result: Result<HTTPResponse, HTTPTransportError>) {
        lock.lock()
        guard outcome == nil else { lock.unlock(); return }
        outcome = result
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume(returning: result)
    }

    var isFinished: Bool { lock.withLock { outcome != nil } }

    // MARK: - libcurl (the pool's thread)

    /// A configured easy handle for this transfer, or nil (and the transfer finished) when
    /// curl refused an option.
    func makeHandle(share: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        guard let easy = curl_easy_init() else {
            finish(.failure(HTTPTransportError(reason: .other, url: url, detail: "libcurl could not make a handle")))
            return nil
        }
        self.easy = easy
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        buffer[0] = 0
        errorBuffer = buffer
        for line in headerLines { headerList = curl_slist_append(headerList, line) }

        let me = Unmanaged.passUnretained(self).toOpaque()
        var code = CURLE_OK
        func set(_ option: CURLoption, _ value: Int) {
            if code == CURLE_OK { code = secmon_curl_easy_setopt_long(easy, option, value) }
        }
        func set(_ option: CURLoption, _ value: String) {
            if code == CURLE_OK { code = value.withCString { secmon_curl_easy_setopt_pointer(easy, option, $0) } }
        }
        func set(_ option: CURLoption, _ value: UnsafeRawPointer?) {
            if code == CURLE_OK { code = secmon_curl_easy_setopt_pointer(easy, option, value) }
        }
        set(CURLOPT_URL, url.absoluteString)
        set(CURLOPT_SHARE, share)
        set(CURLOPT_NOSIGNAL, 1)  // curl runs on its own thread: no alarm() for DNS timeouts
        set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        set(CURLOPT_TIMEOUT_MS, timeoutMilliseconds)  // the whole exchange, connect included
        set(CURLOPT_TCP_KEEPALIVE, 1)
        // AWS front ends close connections idle for about a minute; drop ours well before.
        set(CURLOPT_MAXAGE_CONN, 20)
        set(CURLOPT_ERRORBUFFER, UnsafeRawPointer(buffer))
        set(CURLOPT_HTTPHEADER, UnsafeRawPointer(headerList))
        if let caBundle { set(CURLOPT_CAINFO, caBundle) }
        set(CURLOPT_WRITEDATA, UnsafeRawPointer(me))
        set(CURLOPT_HEADERDATA, UnsafeRawPointer(me))
        if code == CURLE_OK { code = secmon_curl_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, curlBodyReceived) }
        if code == CURLE_OK { code = secmon_curl_easy_setopt_write(easy, CURLOPT_HEADERFUNCTION, curlHeaderReceived) }

        switch method {
        case "GET": set(CURLOPT_HTTPGET, 1)
        case "HEAD": set(CURLOPT_NOBODY, 1)
        default:
            if method != "POST" { set(CURLOPT_CUSTOMREQUEST, method) }
            // A body (even an empty one, so PUT and POST carry Content-Length: 0), copied by curl.
            if !body.isEmpty || method == "POST" || method == "PUT" {
                if code == CURLE_OK { code = secmon_curl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)) }
                if code == CURLE_OK {
                    code = body.withUnsafeBytes { bytes in
                        // An empty Data may have no base address; curl needs a pointer all the same.
                        secmon_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(buffer))
                    }
                }
            }
        }
        guard code == CURLE_OK else {
            finish(.failure(failure(code)))
            release()
            return nil
        }
        return easy
    }

    /// Called by the pool when curl is done with the handle (before `release`).
    func completed(_ code: CURLcode) {
        guard code == CURLE_OK, let easy else {
            finish(.failure(failure(code)))
            return
        }
        var status = 0
        _ = secmon_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        finish(.success(HTTPResponse(status: status, headers: replyHeaders, body: replyBody)))
    }

    /// How many new connections this transfer had to open (0 when it reused one).
    var connectionsOpened: Int {
        guard let easy else { return 0 }
        var count = 0
        _ = secmon_curl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &count)
        return count
    }

    func release() {
        if let easy { curl_easy_cleanup(easy) }
        easy = nil
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        errorBuffer?.deallocate()
        errorBuffer = nil
    }

    func receivedBody(_ bytes: UnsafeRawBufferPointer) {
        replyBody.append(contentsOf: bytes)
    }

    /// One header line; a status line starts a new reply (after a 100 Continue, say), so the
    /// headers seen so far are dropped. Repeated headers are joined with ", " (RFC 9110).
    func receivedHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            replyHeaders = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return }
        if let earlier = replyHeaders[name] {
            replyHeaders[name] = earlier + ", " + value
        } else {
            replyHeaders[name] = value
        }
    }

    /// curl's result as a reason a person can act on. curl's own message says which host and
    /// port, never the path or query (where resource names live).
    private func failure(_ code: CURLcode) -> HTTPTransportError {
        let message = errorBuffer.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? String(cString: curl_easy_strerror(code))
        let reason: HTTPTransportError.Reason
        switch code {
        case CURLE_COULDNT_CONNECT: reason = .connectionRefused
        case CURLE_COULDNT_RESOLVE_HOST: reason = .hostNotFound
        case CURLE_OPERATION_TIMEDOUT: reason = .timedOut
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE: reason = .connectionReset
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED:
            reason = .tls
        case CURLE_ABORTED_BY_CALLBACK: reason = .cancelled
        default: reason = .other
        }
        let timeout = Duration.milliseconds(timeoutMilliseconds)
        return HTTPTransportError(reason: reason, url: url, detail: reason == .timedOut ? "\(timeout)" : message)
    }
}

/// curl's write callback: the reply body, handed to the transfer in `userdata`.
private let curlBodyReceived: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let length = size * count
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    if let data, length > 0 { transfer.receivedBody(UnsafeRawBufferPointer(start: data, count: length)) }
    return length
}

/// curl's header callback: one header line at a time (status lines included).
private let curlHeaderReceived: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let length = size * count
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    if let data, length > 0 {
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        transfer.receivedHeader(String(decoding: bytes, as: UTF8.self))
    }
    return length
}
