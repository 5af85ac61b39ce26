import AWSClient
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class URLSessionTransportTests: XCTestCase {
    /// Port 9 (discard) is closed on a loopback interface of a test machine: refused at once.
    func testConnectionRefusedIsReportedAsSuch() async throws {
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:9/"))
        do {
            _ = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: url, headers: [], body: Data()),
                                                     timeout: .seconds(5))
            XCTFail("expected a transport error")
        } catch {
            XCTAssertEqual(error.reason, .connectionRefused)
            XCTAssertEqual(error.description, "could not connect to http://127.0.0.1:9 (connection refused)")
        }
    }

    /// A server that accepts the connection (the kernel does, from the listen backlog) and never
    /// answers: the request ends with a timeout error instead of hanging.
    func testSilentServerTimesOut() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let url = try XCTUnwrap(URL(string: "http://127.0.0.1:\(listener.port)/"))
        do {
            _ = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: url, headers: [], body: Data()),
                                                     timeout: .milliseconds(300))
            XCTFail("expected a timeout")
        } catch {
            XCTAssertEqual(error.reason, .timedOut)
            XCTAssertTrue(error.description.hasPrefix("no reply from http://127.0.0.1:\(listener.port) within the timeout"),
                          error.description)
        }
    }
}

/// A loopback TCP socket that listens but never accepts or answers.
private struct SilentListener {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw POSIXError(.EIO) }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(descriptor) }
}
