@testable import AWSClient
import Foundation
import TestSupport
import XCTest

/// The sending half of the client (endpoint, signing, transport, retries) against moto, with a
/// hand-written query-protocol request so it doesn't depend on the service models.
final class TransportIntegrationTests: LocalEndpointTestCase {
    private static let getCallerIdentity = WireCall(
        service: .sts, operation: "GetCallerIdentity", signingName: "sts", endpointPrefix: "sts",
        encode: {
            EncodedRequest(method: "POST", path: "/",
                           headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                           body: Data("Action=GetCallerIdentity&Version=2011-06-15".utf8))
        },
        decodeError: { response in
            AWSError(kind: .service, service: "sts", operation: "GetCallerIdentity", code: "HTTP\(response.status)",
                     message: String(decoding: response.body, as: UTF8.self), status: response.status)
        })

    func testSignedRequestReachesTheLocalEndpoint() async throws {
        let endpoint = try localEndpoint()
        let settings = try AWSSettings.resolve(environment: endpoint.environment.merging(["HOME": "/nonexistent"]) { a, _ in a })
        let lines = LogLines()
        let client = AWSClient(configuration: .init(settings: settings, debugLogger: lines.append))
        let response = try await client.send(Self.getCallerIdentity)
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("<Account>123456789012</Account>"))
        // One line naming the credential source, then one per attempt.
        XCTAssertEqual(lines.all.count, 2)
        XCTAssertEqual(lines.all.first, "credentials: env: AWS_ACCESS_KEY_ID")
        XCTAssertTrue(lines.all.last?.contains("request-id=") == true, "\(lines.all)")
    }

    func testStoppedEndpointGivesAReadableConnectionError() async throws {
        let started = try LocalEndpoint.start()
        let url = started.url
        started.stop()
        let settings = try AWSSettings.resolve(
            endpointURL: url.absoluteString,
            environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_REGION": "us-east-1", "HOME": "/nonexistent"])
        var configuration = AWSClient.Configuration(settings: settings)
        configuration.retry = RetryPolicy(maxAttempts: 2, sleep: { _ in })
        do {
            _ = try await AWSClient(configuration: configuration).send(Self.getCallerIdentity)
            XCTFail("expected a transport error")
        } catch let error as AWSError {
            XCTAssertEqual(error.kind, .transport)
            XCTAssertTrue(error.description.hasSuffix("could not connect to \(url.absoluteString) (connection refused)"),
                          error.description)
        }
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    @Sendable func append(_ line: String) { lock.withLock { lines.append(line) } }
}
