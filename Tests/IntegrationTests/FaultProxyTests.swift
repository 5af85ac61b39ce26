import Foundation
import TestSupport
import XCTest

/// The fault proxy stops wherever it was started. A process started from an async test's
/// thread inherits that thread's blocked signals; the proxy used to ignore the SIGTERM that
/// stops it there, and the test run hung in tearDown.
final class FaultProxyTests: XCTestCase {
    func testAProxyStartedFromAnAsyncTestStopsOnSIGTERM() async throws {
        // The proxy connects to its target only when a request comes: no endpoint is needed.
        let proxy = try FaultProxy.start(target: URL(string: "http://127.0.0.1:9")!)
        XCTAssertEqual(proxy.stop(), 128 + SIGTERM, "stopped by SIGKILL after SIGTERM was ignored")
        XCTAssertEqual(proxy.stop(), 128 + SIGTERM, "a second stop is harmless")
    }

    func testAProxyStartedFromASynchronousTestStopsOnSIGTERM() throws {
        let proxy = try FaultProxy.start(target: URL(string: "http://127.0.0.1:9")!)
        XCTAssertEqual(proxy.stop(), 128 + SIGTERM)
    }
}
