import TestSupport
import XCTest

/// A test class with one local endpoint (moto_server) for all of its tests: started before the
/// first, stopped after the last. An endpoint that did not start fails the tests that need it,
/// and never skips them.
class LocalEndpointTestCase: XCTestCase {
    // Set in class setUp, cleared in class tearDown; XCTest runs test classes one at a time.
    nonisolated(unsafe) private static var started: LocalEndpoint?
    nonisolated(unsafe) private static var startFailure: String?

    override class func setUp() {
        super.setUp()
        do {
            started = try LocalEndpoint.start()
            startFailure = nil
        } catch {
            started = nil
            startFailure = "\(error)"
        }
    }

    override class func tearDown() {
        started?.stop()
        started = nil
        super.tearDown()
    }

    /// This class's endpoint; throws, failing the test, when it could not be started.
    func localEndpoint() throws -> LocalEndpoint {
        try XCTUnwrap(Self.started, "the local endpoint did not start: \(Self.startFailure ?? "unknown")")
    }
}
