import CCurl
import Foundation

/// Keep-alive connections to AWS, shared by every request in the process: one libcurl multi
/// handle (its connection cache, a limit of connections per host) and one share handle (TLS
/// sessions and DNS answers), driven by a thread of its own so that no Swift concurrency
/// thread ever waits on the network or on curl.
///
/// libcurl retries a request by itself, on a fresh connection, when a reused connection turns
/// out to have been closed by the server before any reply byte arrived (AWS closes idle
/// connections); every other failure goes back to the client's retry policy.
public final class CurlConnectionPool: @unchecked Sendable {
    /// The process's pool: what `CurlTransport()` uses.
    public static let shared = CurlConnectionPool()

    /// Connections open at once to one host (requests beyond it wait for a free connection).
    public static let defaultConnectionsPerHost = 16

    public struct Statistics: Sendable, Hashable {
        /// Requests that reached curl.
        public var requests = 0
        /// New connections (TCP, and TLS for https) those requests opened.
        public var connectionsOpened = 0

        public init(requests: Int = 0, connectionsOpened: Int = 0) {
            self.requests = requests
            self.connectionsOpened = connectionsOpened
        }
    }

    private let loop: CurlLoop

    public init(connectionsPerHost: Int = CurlConnectionPool.defaultConnectionsPerHost) {
        loop = CurlLoop(connectionsPerHost: connectionsPerHost)
        let loop = self.loop
        let thread = Thread { loop.run() }
        thread.name = "secmon-curl"
        thread.start()
    }

    deinit { loop.shutDown() }

    public var statistics: Statistics { loop.statistics }

    func start(_ transfer: CurlTransfer) { loop.enqueue(transfer, cancelled: false) }
    func stop(_ transfer: CurlTransfer) { loop.enqueue(transfer, cancelled: true) }
}

/// The pool's thread and everything only it touches.
private final class CurlLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let share: UnsafeMutableRawPointer

    private let lock = NSLock()
    private var arriving: [CurlTransfer] = []
    private var leaving: [CurlTransfer] = []
    private var shuttingDown = false
    private var counts = CurlConnectionPool.Statistics()

    /// Transfers curl is working on, by easy handle (the loop's thread only).
    private var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    init(connectionsPerHost: Int) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        // Neither can fail short of memory exhaustion, where nothing else would work either.
        guard let multi = curl_multi_init(), let share = curl_share_init() else {
            fatalError("libcurl could not allocate its multi or share handle")
        }
        self.multi = multi
        self.share = share
        // Only this loop's thread uses the share handle, so it needs no lock callbacks.
        _ = secmon_curl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
        _ = secmon_curl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
        _ = secmon_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, connectionsPerHost)
        _ = secmon_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(4 * connectionsPerHost, 16))
    }

    var statistics: CurlConnectionPool.Statistics { lock.withLock { counts } }

    /// Hands a transfer to the loop (to start it, or to drop it) and wakes the loop.
    func enqueue(_ transfer: CurlTransfer, cancelled: Bool) {
        lock.withLock {
            if cancelled { leaving.append(transfer) } else { arriving.append(transfer) }
        }
        curl_multi_wakeup(multi)  // thread-safe, unlike everything else on a multi handle
    }

    func shutDown() {
        lock.withLock { shuttingDown = true }
        curl_multi_wakeup(multi)
    }

    func run() {
        while true {
            let (arrived, left, stopping) = lock.withLock {
                defer { arriving = []; leaving = [] }
                return (arriving, leaving, shuttingDown)
            }
            if stopping { return close() }
            for transfer in arrived where !transfer.isFinished {
                guard let easy = transfer.makeHandle(share: share) else { continue }
                if curl_multi_add_handle(multi, easy) == CURLM_OK {
                    running[easy] = transfer
                } else {
                    transfer.completed(CURLE_FAILED_INIT)
                    transfer.release()
                }
            }
            for transfer in left {
                guard let easy = transfer.easy, running[easy] != nil else { continue }
                remove(easy)
            }
            var active: Int32 = 0
            curl_multi_perform(multi, &active)
            collectFinished()
            // Sleeps until a socket is ready, curl's own next timeout, a wakeup, or a second.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                  let transfer = running[easy] else { continue }
            let code = message.pointee.data.result
            let opened = transfer.connectionsOpened
            lock.withLock {
                counts.requests += 1
                counts.connectionsOpened += opened
            }
            transfer.completed(code)
            remove(easy)
        }
    }

    private func remove(_ easy: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, easy)
        running.removeValue(forKey: easy)?.release()
    }

    private func close() {
        for (easy, transfer) in running {
            transfer.completed(CURLE_ABORTED_BY_CALLBACK)
            remove(easy)
        }
        curl_multi_cleanup(multi)
        curl_share_cleanup(share)
    }
}
