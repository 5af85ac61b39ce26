@testable import AWSClient
import TestSupport
import XCTest

final class AWSSettingsTests: XCTestCase {
    private let config = """
    [default]
    region = eu-west-1
    [profile dev]
    region = us-east-2
    max_attempts = 5
    endpoint_url = http://localhost:4566
    """

    private func settings(_ environment: [String: String], region: String? = nil, profile: String? = nil,
                          endpointURL: String? = nil) throws -> AWSSettings {
        try AWSSettings.resolve(region: region, profile: profile, endpointURL: endpointURL,
                                environment: environment.merging(["HOME": "/home/tester"]) { a, _ in a },
                                readFile: FakeFiles.reader(config: config))
    }

    func testRegionPrecedence() throws {
        let all = ["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "ca-central-1", "AWS_PROFILE": "dev"]
        XCTAssertEqual(try settings(all, region: "sa-east-1").region, "sa-east-1")
        XCTAssertEqual(try settings(all).region, "ap-south-1")
        XCTAssertEqual(try settings(all.merging(["AWS_REGION": ""]) { _, b in b }).region, "ca-central-1")
        XCTAssertEqual(try settings(["AWS_PROFILE": "dev"]).region, "us-east-2")
        XCTAssertEqual(try settings([:]).region, "eu-west-1")
    }

    func testMissingRegionIsOneSentence() throws {
        XCTAssertThrowsError(try AWSSettings.resolve(environment: ["HOME": "/home/tester"], readFile: FakeFiles.reader())) { error in
            let error = error as? AWSError
            XCTAssertEqual(error?.kind, .configuration)
            XCTAssertEqual(error?.description,
                           "No AWS region configured: pass --region, set AWS_REGION, or set region in the profile 'default' of /home/tester/.aws/config.")
        }
    }

    func testRegionThatIsNotARegionNameIsRejected() {
        XCTAssertThrowsError(try settings(["AWS_REGION": "us-east-1.evil.com/"])) { error in
            XCTAssertEqual((error as? AWSError)?.code, "InvalidRegion")
        }
    }

    func testUnknownProfileFailsBeforeEnvironmentKeysAreUsed() {
        XCTAssertThrowsError(try settings(["AWS_PROFILE": "nope", "AWS_ACCESS_KEY_ID": "K", "AWS_SECRET_ACCESS_KEY": "S"])) { error in
            XCTAssertEqual((error as? AWSError)?.kind, .configuration)
            XCTAssertTrue("\(error)".contains("profile 'nope' (from AWS_PROFILE) is not in"), "\(error)")
        }
    }

    func testMaxAttempts() throws {
        XCTAssertEqual(try settings([:]).maxAttempts, 3)
        XCTAssertEqual(try settings(["AWS_PROFILE": "dev"]).maxAttempts, 5)
        XCTAssertEqual(try settings(["AWS_PROFILE": "dev", "AWS_MAX_ATTEMPTS": "1"]).maxAttempts, 1)
        let configuration = AWSClient.Configuration(settings: try settings(["AWS_PROFILE": "dev"]), transport: ScriptedTransport())
        XCTAssertEqual(configuration.retry.maxAttempts, 5)
        XCTAssertEqual(configuration.region, "us-east-2")
        XCTAssertThrowsError(try settings(["AWS_MAX_ATTEMPTS": "zero"])) { error in
            XCTAssertEqual((error as? AWSError)?.code, "InvalidMaxAttempts")
        }
    }

    func testProfileEndpointURLApplies() throws {
        let endpoint = try settings(["AWS_PROFILE": "dev"]).endpoints.endpoint(for: .logs, endpointPrefix: "logs")
        XCTAssertEqual(endpoint.url.absoluteString, "http://localhost:4566")
        XCTAssertTrue(endpoint.isCustom)
    }

    /// `services = local` in a profile points at a `[services local]` section with nested keys.
    func testServicesSectionAndAddressingStyleFromTheConfigFile() throws {
        let config = """
        [profile local]
        region = us-east-1
        services = local-services
        s3 =
          addressing_style = path

        [services local-services]
        cloudwatch_logs =
          endpoint_url = http://127.0.0.1:4566
        """
        let settings = try AWSSettings.resolve(environment: ["HOME": "/home/tester", "AWS_PROFILE": "local"],
                                               readFile: FakeFiles.reader(config: config))
        XCTAssertEqual(try settings.endpoints.endpoint(for: .logs, endpointPrefix: "logs").url.absoluteString, "http://127.0.0.1:4566")
        XCTAssertEqual(try settings.endpoints.endpoint(for: .sns, endpointPrefix: "sns").url.absoluteString, "https://sns.us-east-1.amazonaws.com")
        XCTAssertTrue(settings.endpoints.s3ForcePathStyle)
    }
}
