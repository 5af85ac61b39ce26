@testable import AWSClient
import XCTest

final class RetryPolicyTests: XCTestCase {
    func testFullJitterExponentialBackoffCappedAt20Seconds() {
        let top = RetryPolicy(random: { 0.999_999 })
        XCTAssertEqual(top.delay(beforeRetry: 1), .seconds(1) * 0.999_999)
        XCTAssertEqual(top.delay(beforeRetry: 2), .seconds(2) * 0.999_999)
        XCTAssertEqual(top.delay(beforeRetry: 5), .seconds(16) * 0.999_999)
        XCTAssertEqual(top.delay(beforeRetry: 6), .seconds(20) * 0.999_999)
        XCTAssertEqual(top.delay(beforeRetry: 60), .seconds(20) * 0.999_999)
        let half = RetryPolicy(random: { 0.5 })
        XCTAssertEqual(half.delay(beforeRetry: 3), .seconds(2))
        XCTAssertEqual(RetryPolicy(random: { 0 }).delay(beforeRetry: 3), .zero)
    }

    func testClassification() {
        func error(_ code: String, status: Int, kind: AWSError.Kind = .service) -> AWSError {
            AWSError(kind: kind, service: "logs", operation: "X", code: code, message: "", status: status)
        }
        for code in ["Throttling", "ThrottlingException", "TooManyRequestsException", "SlowDown", "RequestLimitExceeded",
                     "RequestTimeout", "InternalError", "ServiceUnavailable", "PriorRequestNotComplete"] {
            XCTAssertEqual(RetryClassifier.classify(error(code, status: 400)), .retry, code)
        }
        for status in [500, 502, 503, 504] {
            XCTAssertEqual(RetryClassifier.classify(error("Whatever", status: status)), .retry, "\(status)")
        }
        for code in ["ValidationException", "InvalidParameterException", "AccessDeniedException", "ResourceNotFoundException"] {
            XCTAssertEqual(RetryClassifier.classify(error(code, status: 400)), .doNotRetry, code)
        }
        XCTAssertEqual(RetryClassifier.classify(error("NotImplemented", status: 501)), .doNotRetry)
        XCTAssertEqual(RetryClassifier.classify(error("InvalidInput", status: 0, kind: .validation)), .doNotRetry)
        XCTAssertEqual(RetryClassifier.classify(error("ConnectionReset", status: 0, kind: .transport)), .retry)
        XCTAssertEqual(RetryClassifier.classify(error("RequestTimedOut", status: 0, kind: .transport)), .retryAfterTimeout)
        XCTAssertEqual(RetryClassifier.classify(error("ConnectionRefused", status: 0, kind: .transport)), .retry)
        XCTAssertEqual(RetryClassifier.classify(error("Cancelled", status: 0, kind: .transport)), .doNotRetry)
        XCTAssertEqual(RetryClassifier.classify(error("TLSFailure", status: 0, kind: .transport)), .doNotRetry)
    }

    func testQuotaChargesRetriesAndRefillsOnSuccess() {
        let quota = RetryQuota(initial: 12)
        XCTAssertEqual(quota.acquire(afterTimeout: true), 10)
        XCTAssertNil(quota.acquire(afterTimeout: false))  // 2 left, a retry costs 5
        quota.recordSuccess(spent: 10)
        XCTAssertEqual(quota.tokens, 12)
        quota.recordSuccess(spent: 0)
        XCTAssertEqual(quota.tokens, 13)
        let full = RetryQuota()
        full.recordSuccess(spent: 0)
        XCTAssertEqual(full.tokens, RetryQuota.capacity)
    }
}
