@testable import AWSSigV4
import XCTest

/// Behaviours the suite doesn't pin down: S3's single encoding, re-signing, redaction.
final class SigV4SignerTests: XCTestCase {
    private let credentials = SigV4Credentials(accessKeyID: "AKIDEXAMPLE",
                                               secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                               sessionToken: "TOKEN")
    private let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    func testS3KeepsPathAsGivenAndEncodesOnce() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        XCTAssertEqual(signer.canonicalURI("/bucket/a%20b/../c%2Fd"), "/bucket/a%20b/../c%2Fd")
        let standard = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
        XCTAssertEqual(standard.canonicalURI("/a%20b/../c"), "/c")
        XCTAssertEqual(standard.canonicalURI("/a%20b"), "/a%2520b")
    }

    func testS3SignsPayloadHashHeader() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3", options: .s3)
        let request = SigV4Request(method: "PUT", path: "/", headers: [.init("Host", "b.s3.amazonaws.com")], body: Array("x".utf8))
        let signed = signer.signed(request, at: date)
        XCTAssertEqual(signed.header("x-amz-content-sha256"), Crypto.hex(Crypto.sha256(Array("x".utf8))))
        XCTAssertTrue(signed.header("Authorization")?.contains("x-amz-content-sha256") == true)
    }

    func testSigningTwiceReplacesEarlierSigningHeaders() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
        let request = SigV4Request(method: "POST", path: "/", headers: [.init("Host", "sts.amazonaws.com")])
        let once = signer.signed(request, at: date)
        let twice = signer.signed(once, at: date.addingTimeInterval(60))
        XCTAssertEqual(twice.headers.filter { $0.name.lowercased() == "authorization" }.count, 1)
        XCTAssertEqual(twice.headers.filter { $0.name.lowercased() == "x-amz-date" }.count, 1)
        XCTAssertEqual(twice.header("X-Amz-Date"), "20150830T123700Z")
        XCTAssertEqual(twice, signer.signed(request, at: date.addingTimeInterval(60)))
    }

    func testUserAgentIsNotSigned() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
        XCTAssertEqual(signer.signedHeaderNames([.init("Host", "h"), .init("User-Agent", "secmon")]), "host")
    }

    func testCredentialsDescriptionHidesSecrets() {
        let text = "\(credentials) \(String(reflecting: credentials))"
        XCTAssertFalse(text.contains(credentials.secretAccessKey))
        XCTAssertFalse(text.contains("TOKEN"))
        XCTAssertTrue(text.contains("AKIDEXAMPLE"))
    }

    func testTimestampsAcrossLeapDayAndYearEnd() {
        XCTAssertEqual(SigV4Timestamp(Date(timeIntervalSince1970: 951_782_400)).dateTime, "20000229T000000Z")
        XCTAssertEqual(SigV4Timestamp(Date(timeIntervalSince1970: 1_704_067_199)).dateTime, "20231231T235959Z")
    }

    func testCryptoKnownAnswers() {
        XCTAssertEqual(Crypto.hex(Crypto.sha256([UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // RFC 4231 test case 2.
        XCTAssertEqual(Crypto.hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
