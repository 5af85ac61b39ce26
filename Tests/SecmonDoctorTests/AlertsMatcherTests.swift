import Foundation
import XCTest
@testable import SecmonDoctor

/// The example stack's pattern, through SecmonAlerts' evaluator, on doctor's sample reads.
final class AlertsMatcherTests: XCTestCase {
    let pattern = #"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "*TopSecretInfo*") }"#

    func samples() -> [(label: String, event: SecretReadEvent)] {
        SecretReadEvent.samples(secretName: "TopSecretInfo", secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:TopSecretInfo-AbCdEf",
                                account: "123456789012", region: "us-east-1", time: Date(timeIntervalSince1970: 0))
    }

    func testTheExamplePatternMatchesReadsByNameAndByARN() throws {
        let matcher = AlertsFilterPatternMatcher()
        for sample in samples() {
            XCTAssertTrue(try matcher.matches(pattern: pattern, message: sample.event.json), sample.label)
        }
    }

    func testAnExactNamePatternMissesReadsByARN() throws {
        let exact = #"{ ($.eventName = "GetSecretValue") && ($.requestParameters.secretId = "TopSecretInfo") }"#
        let results = try samples().map { try AlertsFilterPatternMatcher().matches(pattern: exact, message: $0.event.json) }
        XCTAssertEqual(results, [true, false])
    }

    /// The drill's failed read still matches: the pattern does not test errorCode.
    func testAFailedReadMatchesToo() throws {
        let failed = SecretReadEvent(secretId: "TopSecretInfo", secretArn: nil, account: "1", region: "us-east-1",
                                     time: Date(timeIntervalSince1970: 0), eventID: "e", versionId: "v", errorCode: "ResourceNotFoundException")
        XCTAssertTrue(try AlertsFilterPatternMatcher().matches(pattern: pattern, message: failed.json))
    }

    func testAnInvalidPatternThrows() {
        XCTAssertThrowsError(try AlertsFilterPatternMatcher().matches(pattern: "{ $.eventName = }", message: "{}"))
    }
}
