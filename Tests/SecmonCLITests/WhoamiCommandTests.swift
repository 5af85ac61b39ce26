import AWSClient
import ArgumentParser
@testable import SecmonCLI
import TestSupport
import XCTest

final class WhoamiCommandTests: XCTestCase {
    /// `AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_PROFILE=nope secmon whoami`: exit status 1
    /// and one readable line on stderr, with nothing on stdout.
    func testUnknownProfileWithEmptyKeysFailsWithOneSentence() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let command = try WhoamiCommand.parse([])
        let capture = OutputCapture()
        let status = await CommandRunner.run(command, io: capture.io(environment: [
            "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "nope", "HOME": home.path]))
        XCTAssertEqual(status, .failure)
        XCTAssertEqual(capture.outLines, [])
        XCTAssertEqual(capture.errLines, [
            "error: The AWS profile 'nope' (from AWS_PROFILE) is not in \(home.path)/.aws/credentials or \(home.path)/.aws/config: "
                + "set AWS_PROFILE (or --profile) to an existing profile, or unset it and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
        ])
    }

    func testPrintsAccountARNAndRegion() async throws {
        let text = try await WhoamiCommand.describeIdentity(using: fakeSTS())
        XCTAssertEqual(text, """
        Account  123456789012
        ARN      arn:aws:sts::123456789012:user/alice
        Region   eu-west-1
        """)
    }

    /// Like `aws configure list`, whoami names where the credentials came from; for a role, its
    /// ARN and session.
    func testNamesTheCredentialSourceAndTheAssumedRole() async throws {
        let source = CredentialSource(kind: "assume-role", location: "profile 'deploy' (from --profile) via source_profile 'base'",
                                      roleARN: "arn:aws:iam::123456789012:role/deployer", sessionName: "alice")
        let text = try await WhoamiCommand.describeIdentity(using: fakeSTS(), source: source)
        XCTAssertEqual(text, """
        Account  123456789012
        ARN      arn:aws:sts::123456789012:user/alice
        Region   eu-west-1
        Source   assume-role: profile 'deploy' (from --profile) via source_profile 'base'
        Role     arn:aws:iam::123456789012:role/deployer
        Session  alice
        """)
    }

    func testOptionsAreParsed() throws {
        let command = try WhoamiCommand.parse(["--region", "eu-west-1", "--profile", "dev", "--endpoint-url", "http://x:1", "--debug"])
        XCTAssertEqual(command.aws.region, "eu-west-1")
        XCTAssertEqual(command.aws.profile, "dev")
        XCTAssertEqual(command.aws.endpointURL, "http://x:1")
        XCTAssertTrue(command.aws.debug)
    }

    func testErrorLineFoldsNewlines() {
        let error = AWSError(kind: .service, service: "logs", operation: "X", code: "Bad", message: "line one\nline two")
        XCTAssertEqual(ErrorReporting.line(for: error), "error: logs X failed: Bad: line one line two")
    }
}

/// STS answering GetCallerIdentity for alice.
private func fakeSTS() -> FakeAWS {
    let sts = FakeAWS(region: "eu-west-1")
    sts.on(.sts, "GetCallerIdentity", reply: ["Account": "123456789012", "Arn": "arn:aws:sts::123456789012:user/alice", "UserId": "AIDA"])
    return sts
}
