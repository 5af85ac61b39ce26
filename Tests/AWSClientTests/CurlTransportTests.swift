import AWSClient
import Foundation
import TestSupport
import Testing

/// The libcurl transport against scripts/transport-test-server: keep-alive, servers that close
/// or reset connections, TLS with a CA bundle, timeouts and cancellation. Each test has its own
/// pool, so its connection counts are its own.
@Suite(.serialized)
struct CurlTransportTests {
    private func get(_ url: URL, through transport: CurlTransport, method: String = "GET", body: String = "",
                     headers: [HTTPHeader] = [], timeout: Duration = .seconds(10)) async throws(HTTPTransportError)
        -> HTTPResponse
    {
        try await transport.send(HTTPRequest(method: method, url: url, headers: headers, body: Data(body.utf8)),
                                 timeout: timeout)
    }

    private func failure(_ body: () async throws(HTTPTransportError) -> HTTPResponse) async -> HTTPTransportError? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }

    private static func errorOfGet(_ url: URL, through transport: CurlTransport, timeout: Duration) async
        -> HTTPTransportError?
    {
        do {
            _ = try await transport.send(HTTPRequest(method: "GET", url: url, headers: [], body: Data()), timeout: timeout)
            return nil
        } catch {
            return error
        }
    }

    @Test func connectionRefusedIsReportedAsSuch() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:9/"))
        let error = await failure { () async throws(HTTPTransportError) in try await get(url, through: CurlTransport(pool: CurlConnectionPool())) }
        #expect(error?.reason == .connectionRefused)
        #expect(error?.description == "could not connect to http://127.0.0.1:9 (connection refused)")
    }

    @Test func keepAliveReusesOneConnection() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let pool = CurlConnectionPool()
        let transport = CurlTransport(pool: pool)
        for _ in 0..<5 {
            let reply = try await get(server.url("ok"), through: transport)
            #expect(reply.status == 200)
            #expect(String(decoding: reply.body, as: UTF8.self) == "ok")
        }
        #expect(try server.counts().connections == 1)
        #expect(pool.statistics == .init(requests: 5, connectionsOpened: 1))
    }

    @Test func concurrentRequestsStayWithinTheLimitPerHost() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let pool = CurlConnectionPool(connectionsPerHost: 4)
        let transport = CurlTransport(pool: pool)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<60 {
                group.addTask { try await transport.send(HTTPRequest(method: "GET", url: server.url("ok"), headers: [], body: Data()),
                                                         timeout: .seconds(10)).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 60))
        #expect(try server.counts().connections <= 4)
        #expect(pool.statistics.connectionsOpened <= 4)
    }

    /// The server closes a connection idle for 100 ms, without notice: the next request
    /// notices the dead connection and opens a new one.
    @Test func serverClosingIdleConnectionsCostsANewConnectionNotAFailure() async throws {
        let server = try TransportTestServer.start(idleCloseMilliseconds: 100)
        defer { server.stop() }
        let transport = CurlTransport(pool: CurlConnectionPool())
        #expect(try await get(server.url("ok"), through: transport).status == 200)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await get(server.url("ok"), through: transport).status == 200)
        #expect(try server.counts().connections == 2)
    }

    /// The close races the request: the server reads it on a reused connection and hangs up
    /// without a reply. libcurl retries on a fresh connection, body included.
    @Test func requestOnAConnectionTheServerClosedIsRetriedOnANewOne() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(pool: CurlConnectionPool())
        for _ in 0..<3 {
            let reply = try await get(server.url("drop-if-reused"), through: transport, method: "POST", body: "Action=Test")
            #expect(reply.status == 200)
        }
        let counts = try server.counts()
        #expect(counts.connections == 3)
        #expect(counts.requests == 5)  // 3 answered, 2 dropped
    }

    @Test func resetBeforeOrDuringTheReplyIsAConnectionReset() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(pool: CurlConnectionPool())
        for path in ["reset", "partial"] {
            let error = await failure { () async throws(HTTPTransportError) in try await get(server.url(path), through: transport) }
            #expect(error?.reason == .connectionReset, "\(path): \(String(describing: error))")
        }
        #expect(try await get(server.url("ok"), through: transport).status == 200)
    }

    @Test func silentServerTimesOut() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let error = await failure { () async throws(HTTPTransportError) in
            try await get(server.url("silent"), through: CurlTransport(pool: CurlConnectionPool()), timeout: .milliseconds(300))
        }
        #expect(error?.reason == .timedOut)
        #expect(error?.description.hasPrefix("no reply from \(server.url.absoluteString) within the timeout") == true,
                "\(String(describing: error))")
    }

    @Test func cancellationEndsAPendingRequestAndLeavesThePoolUsable() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(pool: CurlConnectionPool())
        let url = server.url("silent")
        let pending = Task { await Self.errorOfGet(url, through: transport, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(200))
        pending.cancel()
        #expect(await pending.value?.reason == .cancelled)
        #expect(try await get(server.url("ok"), through: transport).status == 200)
    }

    @Test func alreadyCancelledTaskSendsNothing() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(pool: CurlConnectionPool())
        let url = server.url("ok")
        let task = Task { () async -> HTTPTransportError? in
            withUnsafeCurrentTask { $0?.cancel() }
            return await Self.errorOfGet(url, through: transport, timeout: .seconds(5))
        }
        #expect(await task.value?.reason == .cancelled)
        #expect(try server.counts().requests == 0)
    }

    /// The self-signed server is trusted only through the CA bundle; with it, one TLS
    /// handshake serves many requests, and a new connection resumes the TLS session.
    @Test func tlsWithACABundleReusesConnectionsAndSessions() async throws {
        let server = try TransportTestServer.start(idleCloseMilliseconds: 300, tls: true)
        defer { server.stop() }
        let untrusted = await failure { () async throws(HTTPTransportError) in
            try await get(server.url("ok"), through: CurlTransport(pool: CurlConnectionPool()))
        }
        #expect(untrusted?.reason == .tls, "\(String(describing: untrusted))")

        let pool = CurlConnectionPool()
        let transport = CurlTransport(pool: pool, caBundle: server.certificateAuthority)
        for _ in 0..<4 { #expect(try await get(server.url("ok"), through: transport).status == 200) }
        try await Task.sleep(for: .milliseconds(600))  // the server drops the idle connection
        #expect(try await get(server.url("ok"), through: transport).status == 200)
        let counts = try server.counts()
        #expect(pool.statistics == .init(requests: 5, connectionsOpened: 2))
        #expect(counts.tls_handshakes == 2)  // completed ones: the untrusted attempt failed
        #expect(counts.tls_resumed == 1)
    }

    /// What reaches the server is what the client signed: no Content-Type, Expect or Accept
    /// of curl's own, Content-Length on an empty PUT; repeated reply headers are joined.
    @Test func sendsTheRequestAsSigned() async throws {
        let server = try TransportTestServer.start()
        defer { server.stop() }
        let transport = CurlTransport(pool: CurlConnectionPool())
        let body = String(repeating: "x", count: 4000)
        let reply = try await get(server.url("echo"), through: transport, method: "POST", body: body,
                                  headers: [HTTPHeader("Host", "ignored.example"), HTTPHeader("X-Amz-Target", "Logs.Test")])
        struct Echo: Decodable { var method: String; var headers: [[String]]; var body: String }
        let echo = try JSONDecoder().decode(Echo.self, from: reply.body)
        let names = Set(echo.headers.compactMap { $0.first?.lowercased() })
        #expect(echo.method == "POST")
        #expect(echo.body == body)
        #expect(names.isDisjoint(with: ["content-type", "expect", "accept"]), "\(names)")
        #expect(echo.headers.contains(["X-Amz-Target", "Logs.Test"]))
        #expect(echo.headers.contains(["Host", server.url.host.map { "\($0):\(server.url.port ?? 0)" } ?? ""]))
        #expect(reply.headers["x-repeated"] == "a, b")
        #expect(reply.headers["content-type"] == "application/json")

        let put = try await get(server.url("echo"), through: transport, method: "PUT")
        let putEcho = try JSONDecoder().decode(Echo.self, from: put.body)
        #expect(putEcho.method == "PUT")
        #expect(putEcho.headers.contains(["Content-Length", "0"]))
        let head = try await get(server.url("echo"), through: transport, method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(try server.counts().connections == 1)
    }

    @Test func headerWithALineBreakIsRefusedUnsent() async throws {
        let url = try #require(URL(string: "http://127.0.0.1:9/"))
        let error = await failure { () async throws(HTTPTransportError) in
            try await get(url, through: CurlTransport(pool: CurlConnectionPool()), headers: [HTTPHeader("X-Test", "a\r\nInjected: b")])
        }
        #expect(error?.reason == .other)
        #expect(error?.detail.contains("line break") == true)
    }
}
