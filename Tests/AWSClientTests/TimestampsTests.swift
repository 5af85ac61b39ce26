import Foundation
import XCTest
@testable import AWSClient

final class TimestampsTests: XCTestCase {
    func testFormats() {
        let d = Date(timeIntervalSince1970: 1_795_607_821.889)
        XCTAssertEqual(Timestamps.iso8601(d), "2026-11-25T11:57:01.889Z")
        XCTAssertEqual(Timestamps.iso8601(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00Z")
        XCTAssertEqual(Timestamps.rfc822(d), "Wed, 25 Nov 2026 11:57:01 GMT")
        XCTAssertEqual(Timestamps.epochSeconds(d), "1795607821.889")
        XCTAssertEqual(Timestamps.iso8601(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29T00:00:00Z")
    }

    func testParsing() throws {
        let expected = 1_795_607_821.0
        XCTAssertEqual(Timestamps.parse("2026-11-25T11:57:01Z")?.timeIntervalSince1970, expected)
        XCTAssertEqual(Timestamps.parse("2026-11-25T11:57:01.889110Z")?.timeIntervalSince1970 ?? 0, expected + 0.88911,
                       accuracy: 0.000_001)
        XCTAssertEqual(Timestamps.parse("2026-11-25T12:57:01+01:00")?.timeIntervalSince1970, expected)
        XCTAssertEqual(Timestamps.parse("Wed, 25 Nov 2026 11:57:01 GMT")?.timeIntervalSince1970, expected)
        XCTAssertEqual(Timestamps.parse("1795607821")?.timeIntervalSince1970, expected)
        XCTAssertNil(Timestamps.parse(""))
        XCTAssertNil(Timestamps.parse("2026-13-25T11:57:01Z"))
        XCTAssertNil(Timestamps.parse("yesterday"))
        XCTAssertNil(Timestamps.parse("1e300"))
        XCTAssertNil(Timestamps.parse("nan"))
    }

    func testAbsurdDatesAreClampedWhenFormatted() {
        XCTAssertFalse(Timestamps.iso8601(Date(timeIntervalSince1970: 1e300)).isEmpty)
        XCTAssertFalse(Timestamps.rfc822(Date.distantPast).isEmpty)
        XCTAssertEqual(Timestamps.epochSeconds(Date(timeIntervalSince1970: -1.5)), "-1.5")
    }
}
