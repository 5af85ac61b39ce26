import Foundation
import Testing
@testable import SecmonCLI

private let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
private let repository = here.deletingLastPathComponent().deletingLastPathComponent().path + "/"

/// Runs a command in-process; paths in its output are made relative to the repository.
private func run<C: SecmonRunnable>(_ type: C.Type, _ arguments: [String]) async throws -> (status: CommandStatus, out: String, err: String) {
    let capture = OutputCapture()
    let status = await CommandRunner.run(try C.parse(arguments), io: capture.io())
    return (status, capture.stdout.replacingOccurrences(of: repository, with: ""),
            capture.stderr.replacingOccurrences(of: repository, with: ""))
}

private func checkGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = here.appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["SECMON_UPDATE_GOLDEN"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    #expect(text == (try? String(contentsOf: url, encoding: .utf8)), "differs from Golden/\(name)", sourceLocation: sourceLocation)
}

private let misspelt = repository + "Tests/SecmonCLITests/Fixtures/misspelt.yaml"
private let noTests = repository + "Tests/SecmonCLITests/Fixtures/no-tests.yaml"

@Test func validateJSONReportsEveryErrorOnStdoutAndOneLineOnStderr() async throws {
    let result = try await run(ValidateCommand.self, [misspelt, "--json"])
    #expect(result.status == .failure)
    try checkGolden(result.out, "validate-misspelt.json")
    #expect(result.err == "error: 3 errors; the diagnostics are in the JSON on stdout\n")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.first?["suggestion"] as? String == "display_name")
    for diagnostic in diagnostics {
        #expect(Set(diagnostic.keys) == ["file", "line", "column", "severity", "code", "message", "suggestion"])
    }
}

@Test func validateJSONOfAValidStackWithALint() async throws {
    let result = try await run(ValidateCommand.self, [repository + "stacks/examples/secret-access-alarm-average.yaml", "--json"])
    #expect(result.status == .success)
    #expect(result.err.isEmpty)
    try checkGolden(result.out, "validate-average.json")
}

@Test func validateTextNamesEveryErrorWithoutSuggestingAnotherWord() async throws {
    let result = try await run(ValidateCommand.self, [misspelt])
    #expect(result.status == .failure)
    #expect(result.out.isEmpty)
    #expect(result.err.contains("protocol 'sms' of subscription 'pager' must be one of email, email-json, https, sqs, lambda\n"))
    #expect(!result.err.contains("did you mean 'sqs'"))
}

@Test func aStackWithoutTestsSaysSo() async throws {
    let result = try await run(TestCommand.self, [noTests])
    #expect(result.status == .success)
    #expect(result.out.hasPrefix("stack no-tests: no tests"))
    let required = try await run(TestCommand.self, [noTests, "--require-tests"])
    #expect(required.status == .failure)
    #expect(required.err == "error: stack no-tests has no tests, and --require-tests asks for some\n")
}

@Test func testJSONCarriesTheTally() async throws {
    let result = try await run(TestCommand.self, [repository + "stacks/secret-access-alarm.yaml", "--json"])
    #expect(result.status == .success)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    #expect(object["passed"] as? Bool == true)
    #expect(object["test_count"] as? Int == 22)
    let messages = try #require(object["messages"] as? [[String: Any]])
    #expect(messages.count == 2)
    #expect(messages.first?["resource"] as? String == "secret_read_message")
    let failing = try await run(TestCommand.self, [misspelt, "--json"])
    #expect(failing.status == .failure)
    #expect(failing.err == "error: 3 errors; the diagnostics are in the JSON on stdout\n")
    let required = try await run(TestCommand.self, [noTests, "--json", "--require-tests"])
    #expect(required.status == .failure)
    #expect(required.out.contains("\"message\" : \"stack no-tests has no tests\""))
}

@Test func versionNamesVersionCommitAndSwift() async throws {
    let result = try await run(VersionCommand.self, [])
    #expect(result.out == BuildInfo.description + "\n")
    #expect(result.out.hasPrefix("secmon \(BuildInfo.version) (commit "))
    #expect(result.out.contains(", Swift 6"))
    #expect(SecmonCommand.configuration.version == BuildInfo.description)
    #expect(BuildInfo.userAgent.hasPrefix("secmon/\(BuildInfo.version) "))
}

@Test func clientsCarryTheVersionInTheirUserAgent() throws {
    let client = try AWSOptions.parse(["--region", "eu-west-1"]).makeClient(
        environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"], readFile: { _ in nil })
    #expect(client.configuration.userAgent == BuildInfo.userAgent)
    #expect(client.configuration.userAgent.contains(BuildInfo.version))
}
