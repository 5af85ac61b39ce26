import AWSClient
import Foundation
import XCTest

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
}
