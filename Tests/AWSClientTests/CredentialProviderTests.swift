@testable import AWSClient
import XCTest

final class CredentialProviderTests: XCTestCase {
    private let profileFiles = FakeFiles.make(config: """
    [profile dev]
    region = us-east-2
    [profile assumed]
    role_arn = arn:aws:iam::123456789012:role/x
    source_profile = dev
    """, credentials: """
    [default]
    aws_access_key_id = DEFAULTKEY
    aws_secret_access_key = DEFAULTSECRET
    [dev]
    aws_access_key_id = DEVKEY
    aws_secret_access_key = DEVSECRET
    aws_session_token = DEVTOKEN
    [half]
    aws_access_key_id = HALF
    """)

    private func resolve(_ environment: [String: String], option: String? = nil, files: SharedConfigFiles? = nil)
        async throws -> AWSCredentials
    {
        let selection = ProfileSelection.resolve(option: option, environment: environment)
        return try await DefaultCredentialProvider(environment: environment, profile: selection,
                                                   files: files ?? profileFiles).credentials()
    }

    func testEnvironmentComesFirst() async throws {
        let credentials = try await resolve(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "ENVSECRET",
                                             "AWS_SESSION_TOKEN": "ENVTOKEN", "AWS_PROFILE": "dev"])
        XCTAssertEqual(credentials, AWSCredentials(accessKeyID: "ENVKEY", secretAccessKey: "ENVSECRET", sessionToken: "ENVTOKEN"))
    }

    func testEmptyEnvironmentValuesCountAsUnset() async throws {
        let credentials = try await resolve(["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""])
        XCTAssertEqual(credentials.accessKeyID, "DEFAULTKEY")
        XCTAssertNil(credentials.sessionToken)
    }

    func testProfileFromAWSProfile() async throws {
        let credentials = try await resolve(["AWS_PROFILE": "dev"])
        XCTAssertEqual(credentials, AWSCredentials(accessKeyID: "DEVKEY", secretAccessKey: "DEVSECRET", sessionToken: "DEVTOKEN"))
    }

    func testExplicitProfileOptionSkipsEnvironmentKeys() async throws {
        let credentials = try await resolve(["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"], option: "dev")
        XCTAssertEqual(credentials.accessKeyID, "DEVKEY")
    }

    func testPartialEnvironmentCredentialsAreAnError() async {
        await assertCredentialsError(try await resolve(["AWS_ACCESS_KEY_ID": "ENVKEY"]), contains: "AWS_SECRET_ACCESS_KEY is not")
    }

    func testPartialProfileCredentialsAreAnError() async {
        await assertCredentialsError(try await resolve(["AWS_PROFILE": "half"]), contains: "only one of aws_access_key_id")
    }

    func testMissingProfileIsOneSentenceNamingIt() async {
        await assertCredentialsError(try await resolve(["AWS_PROFILE": "nope"]),
                                     contains: "profile 'nope' (from AWS_PROFILE) is not in /home/tester/.aws/credentials or /home/tester/.aws/config")
    }

    func testNoCredentialsAnywhereSaysWhatToSet() async {
        await assertCredentialsError(try await resolve([:], files: FakeFiles.make()),
                                     contains: "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    }

    private func assertCredentialsError(_ body: @autoclosure () async throws -> AWSCredentials, contains text: String,
                                        file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await body()
            XCTFail("expected a credentials error", file: file, line: line)
        } catch let error as AWSError {
            XCTAssertEqual(error.kind, .credentials, file: file, line: line)
            XCTAssertTrue(error.description.contains(text), "\(error.description)", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
            XCTAssertFalse(error.description.contains("DEVSECRET") || error.description.contains("DEFAULTSECRET"), file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }
}
