import ArgumentParser
import Foundation
import SecmonGraph
import SecmonStack
import Testing
import TestSupport
@testable import SecmonCLI

private let prod = StackTarget(role: "arn:aws:iam::111111111111:role/secmon-deploy", regions: ["us-east-1", "eu-west-1"], name: "prod")
private let staging = StackTarget(role: "arn:aws:iam::222222222222:role/secmon-deploy", regions: ["us-east-1"])

private func only(_ ids: String...) throws -> TargetOptions {
    try TargetOptions.parse(ids.flatMap { ["--target", $0] })
}

@Test func withoutTargetEveryTargetAndRegionIsChosen() throws {
    let pairs = try TargetSelection.pairs([prod, staging], region: nil, only: try only())
    #expect(pairs.map { "\($0.target.id) \($0.region)" }
        == ["prod us-east-1", "prod eu-west-1", "arn:aws:iam::222222222222:role/secmon-deploy us-east-1"])
}

/// Two accounts share us-east-1: --region alone cannot choose between them, --target can.
@Test func targetPicksByNameOrRoleARNAndRegionNarrowsFurther() throws {
    let byName = try TargetSelection.pairs([prod, staging], region: "us-east-1", only: try only("prod"))
    #expect(byName.map(\.target) == [prod] && byName.map(\.region) == ["us-east-1"])
    let byRole = try TargetSelection.pairs([prod, staging], region: nil, only: try only(staging.role))
    #expect(byRole.map(\.target) == [staging])
    // A target's role ARN picks it even when it has a name; repeated, several are picked.
    let both = try TargetSelection.select([prod, staging], only: try only(staging.role, prod.role))
    #expect(both == [prod, staging])
}

@Test func anUnknownTargetIsAnErrorListingTheIds() throws {
    let error = try #require(throws: ValidationError.self) {
        try TargetSelection.pairs([prod, staging], region: nil, only: try only("prod", "dev"))
    }
    #expect(error.message == "the stack has no target 'dev'; its targets are: prod, arn:aws:iam::222222222222:role/secmon-deploy")
    let none = try #require(throws: ValidationError.self) { try TargetSelection.select([], only: try only("prod")) }
    #expect(none.message.contains("this stack has none: drop --target"))
    let region = try #require(throws: ValidationError.self) {
        try TargetSelection.pairs([prod, staging], region: "eu-west-1", only: try only(staging.role))
    }
    #expect(region.message.hasPrefix("no target chosen with --target is in region eu-west-1"))
}

/// The one option group is on every command that works per target.
@Test(arguments: ["plan", "apply", "destroy", "doctor", "drill", "who-read", "iam-policy"])
func everyTargetedCommandTakesTarget(_ name: String) throws {
    let command = try #require(SecmonCommand.configuration.subcommands.first { $0.configuration.commandName == name })
    let extra = name == "drill" ? ["--from", "alarm"] : []
    #expect(throws: Never.self) { _ = try command.parse(["stack.yaml", "--target", "prod", "--target", "staging"] + extra) }
}

private let stackPath = LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml").path

private func targetPolicies(_ ids: String..., region: String? = nil) throws -> [String: Any] {
    let loaded = try #require(StackLoader.load(path: stackPath).stack)
    let graph = try GraphBuilder.build(loaded)
    let document = try TargetPolicies.document(graph: graph, targets: [prod, staging],
                                               only: try TargetOptions.parse(ids.flatMap { ["--target", $0] }),
                                               region: region, purpose: .apply)
    return try #require(try JSONSerialization.jsonObject(with: Data(JSONOutput.encode(document).utf8)) as? [String: Any])
}

private func statements(_ policy: Any?) -> [[String: Any]] {
    (policy as? [String: Any])?["Statement"] as? [[String: Any]] ?? []
}

/// iam-policy for a stack with targets: the caller may assume each target's role, and each
/// role gets the policy for its own account and regions.
@Test func iamPolicyOfTargetsGivesTheCallerAssumeRoleAndEachRoleItsAccountsPolicy() throws {
    let all = try targetPolicies()
    let caller = statements(all["caller"])
    #expect(caller.count == 1 && caller.first?["Action"] as? String == "sts:AssumeRole")
    #expect(caller.first?["Resource"] as? [String] == [prod.role, staging.role])
    let targets = try #require(all["targets"] as? [[String: Any]])
    #expect(targets.map { $0["target"] as? String } == ["prod", staging.role])
    #expect(targets.map { $0["account"] as? String } == ["111111111111", "222222222222"])
    #expect(targets.first?["regions"] as? [String] == ["us-east-1", "eu-west-1"])
    let prodPolicy = String(decoding: try JSONSerialization.data(withJSONObject: targets[0]["policy"] ?? [:]), as: UTF8.self)
    #expect(prodPolicy.contains("arn:aws:sns:us-east-1:111111111111:") && prodPolicy.contains("arn:aws:sns:eu-west-1:111111111111:"))
    #expect(!prodPolicy.contains("222222222222") && !prodPolicy.contains("sts:AssumeRole"))

    let one = try targetPolicies(staging.role)
    #expect(statements(one["caller"]).first?["Resource"] as? [String] == [staging.role])
    #expect((one["targets"] as? [[String: Any]])?.count == 1)
}

/// A saved plan is applied whole: `--target` with one is refused before anything is read.
@Test func applyOfASavedPlanRefusesTarget() async throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-target-\(UUID().uuidString).json")
    try Data(#"{"format": "secmon-plan", "version": 1}"#.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let command = try ApplyCommand.parse([file.path, "--target", "prod"])
    let io = CommandIO(writeOut: { _ in }, writeErr: { _ in })
    let error = try await #require(throws: ApplyRefusal.self) { _ = try await command.execute(io) }
    #expect(error.description.hasPrefix("--target is for a stack file: a saved plan is applied whole"))
}
