import ArgumentParser
import Foundation
import Testing
import SecmonGraph
import Yams
@testable import SecmonCLI

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The ```yaml blocks of docs/ci.md.
private func workflowBlocks() throws -> [String] {
    let text = try String(contentsOf: repository.appendingPathComponent("docs/ci.md"), encoding: .utf8)
    var blocks: [String] = [], current: [String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line == "```yaml" { current = []; continue }
        if current != nil, line == "```" { blocks.append(current?.joined(separator: "\n") ?? ""); current = nil; continue }
        current?.append(String(line))
    }
    return blocks
}

/// Every `secmon ...` command line in a shell script, as arguments (up to a redirection or pipe).
func secmonInvocations(in script: String) -> [[String]] {
    script.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").flatMap { line -> [[String]] in
        line.components(separatedBy: "||").compactMap { part in
            let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
            guard words.first == "secmon" else { return nil }
            let stop = words.firstIndex { [">", "|", "&&", "2>", ">>"].contains($0) || $0.hasPrefix(">") } ?? words.count
            return Array(words[1..<stop])
        }
    }
}

@Test func theCIWorkflowIsValidYAMLAndNamesOnlyWhatSecmonHas() throws {
    let blocks = try workflowBlocks()
    #expect(blocks.count == 1)
    let workflow = try #require(try Yams.load(yaml: blocks.first ?? "") as? [String: Any])
    let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
    #expect(Set(jobs.keys) == ["check", "plan", "apply"])
    #expect(workflow["on"] != nil)
    var commands: [[String]] = []
    for (name, job) in jobs {
        #expect(job["runs-on"] as? String == "ubuntu-latest", "\(name)")
        let steps = try #require(job["steps"] as? [[String: Any]], "\(name)")
        for step in steps {
            if let run = step["run"] as? String { commands += secmonInvocations(in: run) }
        }
    }
    let known = Set(SecmonCommand.configuration.subcommands.map { $0.configuration.commandName ?? "" })
    for arguments in commands {
        if arguments == ["--version"] { continue }
        #expect(known.contains(arguments.first ?? ""), "secmon has no command \(arguments)")
        // Parses with this secmon's flags (a misspelt or removed option fails here).
        do {
            _ = try SecmonCommand.parseAsRoot(arguments)
        } catch {
            Issue.record("`secmon \(arguments.joined(separator: " "))` does not parse: \(SecmonCommand.message(for: error))")
        }
    }
    let names = Set(commands.compactMap(\.first))
    #expect(names.isSuperset(of: ["validate", "test", "plan", "apply"]))
    #expect(commands.contains { $0.starts(with: ["plan"]) && $0.contains("markdown") })
}

@Test func invocationsAreFoundUpToARedirection() {
    #expect(secmonInvocations(in: "secmon plan s.yaml --format markdown > plan.md\necho hi")
            == [["plan", "s.yaml", "--format", "markdown"]])
    #expect(secmonInvocations(in: "gh x || secmon apply s.yaml") == [["apply", "s.yaml"]])
}

/// docs/iam.md says why each action secmon may ask for is there.
@Test func everyDeclaredActionIsExplainedInTheDocs() throws {
    let docs = try String(contentsOf: repository.appendingPathComponent("docs/iam.md"), encoding: .utf8)
    let graph = try #require(try stackGraph())
    let builder = IAMPolicyBuilder(graph: graph, context: .init(stackName: "s", accountID: "*", region: "*"))
    for purpose in PolicyPurpose.allCases {
        for action in builder.actions(for: purpose) {
            #expect(docs.contains("| `\(action.name)` |"), "docs/iam.md does not explain \(action.name)")
        }
    }
}

private func stackGraph() throws -> SecmonGraph.DesiredGraph? {
    var options = try StackOptions.parse([repository.appendingPathComponent("stacks/secret-access-alarm.yaml").path])
    options.variables = []
    guard let stack = options.load().stack else { return nil }
    return try SecmonGraph.GraphBuilder.build(stack)
}

/// `destroy` releases what `lifecycle: retain` keeps: its policy may remove tags.
@Test func theDestroyPolicyMayReleaseRetainedResources() throws {
    let graph = try #require(try stackGraph())
    let builder = IAMPolicyBuilder(graph: graph, context: .init(stackName: "s", accountID: "*", region: "*"))
    let names = Set(builder.actions(for: .destroy).map(\.name))
    #expect(names.isSuperset(of: ["secretsmanager:UntagResource", "logs:UntagResource", "s3:PutBucketTagging",
                                  "iam:UntagRole", "cloudtrail:RemoveTags"]), "\(names.sorted())")
}
