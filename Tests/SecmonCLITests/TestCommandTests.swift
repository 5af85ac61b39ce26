import Foundation
import Testing
import SecmonAlerts
import SecmonStack
@testable import SecmonCLI

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

private func run(_ arguments: [String]) async throws -> (status: Int32, out: [String], err: [String]) {
    let command = try TestCommand.parse(arguments)
    let capture = OutputCapture()
    let status = await CommandRunner.run(command, io: capture.io())
    return (status.code, capture.outLines, capture.errLines)
}

/// Every .yaml/.yml under stacks/, so a new stack is tested without touching this file.
private let allStacks: [String] = {
    let root = repository + "/stacks"
    let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
    return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "stacks/" + $0 }
}()

@Test func theStacksDirectoryHoldsTheKnownStacks() {
    #expect(Set(["stacks/secret-access-alarm.yaml", "stacks/examples/secret-access-alarm-average.yaml",
                 "stacks/cis-alarms.yaml"]).isSubset(of: allStacks))
}

@Test("every stack in stacks/ passes its tests", arguments: allStacks)
func stacksPassTheirTests(_ stack: String) async throws {
    let result = try await run([repository + "/" + stack])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.last?.hasSuffix("passed") == true)
}

@Test func validateRunsTheAlertChecks() {
    #expect(StackCheckers.all.count == AlertStackChecks.all.count)
}

@Test func failuresAreCompilerStyleAndExitOne() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-test-\(UUID().uuidString).yaml").path
    let text = try String(contentsOfFile: repository + "/stacks/secret-access-alarm.yaml", encoding: .utf8)
        .replacingOccurrences(of: "expect: {match: false, value: 0}", with: "expect: {match: false, value: 1}")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try await run([path])
    #expect(result.status == 1)
    #expect(result.err.count == 1)
    #expect(result.err.first?.hasPrefix(path + ":") == true)
    #expect(result.err.first?.contains(": error: test failed: secret_reads.tests[5].expect") == true)
    #expect(result.err.first?.hasSuffix("expected value 1 to be published, but value 0 is") == true)
    #expect(result.out.last == "stack secret-access-alarm: 22 tests, 1 failure")
}

@Test func theAverageCopyGetsTheLintNamingTheAlarm() {
    let result = SecmonStack.StackLoader.load(path: repository + "/stacks/examples/secret-access-alarm-average.yaml",
                                              checkers: StackCheckers.all)
    #expect(result.diagnostics.map(\.id) == ["SM101"])
    #expect(result.diagnostics.first?.message.contains("alarm 'secret_read_alarm' (Average >= 1)") == true)
    for stack in ["secret-access-alarm.yaml", "cis-alarms.yaml"] {
        let clean = SecmonStack.StackLoader.load(path: repository + "/stacks/" + stack, checkers: StackCheckers.all)
        #expect(clean.diagnostics == [], "\(stack)")
    }
}

@Test func theExampleStackTestsBothPathsAndPrintsTheRealTimeMessage() async throws {
    let result = try await run([repository + "/stacks/secret-access-alarm.yaml"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.last == "stack secret-access-alarm: 22 tests passed")
    let text = result.out.joined(separator: "\n")
    #expect(text.contains("event_target secret_read_message (a role's session reads the secret by its full ARN) sends:"))
    #expect(text.contains("    Who:   arn:aws:sts::111122223333:assumed-role/Deploy/alice (AssumedRole)"))
    #expect(text.contains("    Rule:  secret-access-alarm-secret-read-now"))
}

@Test func aRuleTestThatFailsNamesTheRuleTest() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-test-\(UUID().uuidString).yaml").path
    let text = try String(contentsOfFile: repository + "/stacks/secret-access-alarm.yaml", encoding: .utf8)
        .replacingOccurrences(of: "requestParameters: {secretId: TopSecretInfo}}\n        expect: no match\n\n  secret_read_message",
                              with: "requestParameters: {secretId: TopSecretInfo}}\n        expect: match\n\n  secret_read_message")
        .replacingOccurrences(of: "Error: []\n            Rule:", with: "Error: [none]\n            Rule:")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = try await run([path])
    #expect(result.status == 1)
    #expect(result.err.count == 2, "\(result.err)")
    #expect(result.err.contains { $0.contains("test failed: secret_read_rule.tests[6].expect") && $0.contains("expected a match, but the event pattern does not match") })
    #expect(result.err.contains { $0.contains("test failed: secret_read_message.tests[0].expect") && $0.contains("expected the message") })
}
