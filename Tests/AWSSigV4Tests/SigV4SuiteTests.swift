import AWSSigV4
import XCTest

/// Runs every case of the public AWS SigV4 suite (Fixtures/sigv4, copied with its SOURCE.txt).
final class SigV4SuiteTests: XCTestCase {
    private func cases() throws -> [SigV4SuiteCase] {
        let cases = try SigV4SuiteCase.all()
        XCTAssertEqual(cases.count, 38, "the suite has 38 cases")
        return cases
    }

    func testHeaderSigningCanonicalRequests() throws {
        for c in try cases() {
            let prepared = c.headerSigner.headersAddedBeforeSigning(c.request, at: c.date)
            XCTAssertEqual(c.headerSigner.canonicalRequest(prepared), try c.expected("header-canonical-request.txt"), c.name)
        }
    }

    func testHeaderSigningStringsToSign() throws {
        for c in try cases() {
            let canonical = try c.expected("header-canonical-request.txt")
            XCTAssertEqual(c.headerSigner.stringToSign(canonicalRequest: canonical, at: c.date),
                           try c.expected("header-string-to-sign.txt"), c.name)
        }
    }

    func testHeaderSigningSignatures() throws {
        for c in try cases() {
            let stringToSign = try c.expected("header-string-to-sign.txt")
            XCTAssertEqual(c.headerSigner.signature(stringToSign: stringToSign, at: c.date),
                           try c.expected("header-signature.txt"), c.name)
        }
    }

    /// The signed request carries the expected Authorization, X-Amz-Date and token headers.
    func testHeaderSignedRequests() throws {
        for c in try cases() {
            let signed = c.headerSigner.signed(c.request, at: c.date)
            let expected = try SigV4SuiteCase.parseRequest(try c.expected("header-signed-request.txt"))
            for name in ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256"] {
                XCTAssertEqual(signed.header(name), expected.header(name), "\(c.name): \(name)")
            }
            XCTAssertEqual(signed.body, c.request.body, c.name)
        }
    }

    func testQuerySigning() throws {
        for c in try cases() {
            let signer = c.querySigner
            var withParameters = c.request
            withParameters.query += signer.presigningParameters(for: c.request, at: c.date,
                                                                expiresInSeconds: c.context.expiration_in_seconds)
            let canonical = signer.canonicalRequest(withParameters)
            XCTAssertEqual(canonical, try c.expected("query-canonical-request.txt"), c.name)
            let stringToSign = signer.stringToSign(canonicalRequest: canonical, at: c.date)
            XCTAssertEqual(stringToSign, try c.expected("query-string-to-sign.txt"), c.name)
            XCTAssertEqual(signer.signature(stringToSign: stringToSign, at: c.date), try c.expected("query-signature.txt"), c.name)

            let presigned = signer.presigned(c.request, at: c.date, expiresInSeconds: c.context.expiration_in_seconds)
            let expected = try SigV4SuiteCase.parseRequest(try c.expected("query-signed-request.txt"))
            XCTAssertEqual(Set(presigned.query), Set(expected.query), c.name)
        }
    }
}
