import Foundation
import SecmonCore
import SecmonPlan
import SecmonRender
import Testing

/// Every sample plan as JSON (docs/plan-json.md) and as a pull-request comment, against golden
/// files in Golden/json and Golden/markdown; `SECMON_UPDATE_GOLDEN=1` rewrites them.
private let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let samplePlans: [(String, Plan)] = [
    ("create", SamplePlans.create), ("update", SamplePlans.update), ("replace", SamplePlans.replace),
    ("destroy", SamplePlans.destroy), ("orphan", SamplePlans.orphan), ("release", SamplePlans.release), ("adopt", SamplePlans.adopt),
    ("no-change", SamplePlans.noChange),
]

private func checkGolden(_ text: String, _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let url = golden.appendingPathComponent(path)
    if ProcessInfo.processInfo.environment["SECMON_UPDATE_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try? String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "differs from Golden/\(path) (SECMON_UPDATE_GOLDEN=1 rewrites it)", sourceLocation: sourceLocation)
}

@Test("JSON plan golden", arguments: samplePlans.map(\.0))
func jsonGolden(_ name: String) throws {
    let plan = try #require(samplePlans.first { $0.0 == name }).1
    let json = try PlanJSONRenderer.render(plan)
    #expect(json == (try PlanJSONRenderer.render(plan)), "stable")
    try checkGolden(json, "json/\(name).json")
}

@Test("markdown plan golden", arguments: samplePlans.map(\.0))
func markdownGolden(_ name: String) throws {
    let plan = try #require(samplePlans.first { $0.0 == name }).1
    let markdown = PlanMarkdownRenderer.render(plan)
    try checkGolden(markdown, "markdown/\(name).md")
    #expect(!markdown.contains("hunter2"))
    #expect(markdown.contains(PlanTextRenderer.summaryLine(plan.summary)) || !plan.hasChanges)
}

/// docs/plan.schema.json accepts the JSON of every golden plan (Python's jsonschema, as for the
/// stack schema), and rejects a document that breaks it.
@Test func theSchemaValidatesEveryGoldenPlan() throws {
    let files = (samplePlans.map(\.0) + ["targets"]).map { golden.appendingPathComponent("json/\($0).json").path }
    let script = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for path in sys.argv[2:]:
        document = json.load(open(path))
        for error in validator.iter_errors(document):
            print(path, error.message)
        plan = document["targets"][0] if "targets" in document else document
        plan["resource_changes"][0]["change"]["actions"] = ["replace"]
        if not list(validator.iter_errors(document)):
            print(path, "a broken copy was accepted")
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, repository.appendingPathComponent("docs/plan.schema.json").path] + files
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0 && output.isEmpty, "\(output)")
}

@Test func jsonIsTerraformShaped() throws {
    let json = try PlanJSONRenderer.render(SamplePlans.replace)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["format_version"] as? String == "2.1")
    #expect(object["has_changes"] as? Bool == true)
    #expect((object["summary"] as? [String: Int])?["destroy"] == 2)
    let changes = try #require(object["resource_changes"] as? [[String: Any]])
    let trail = try #require(changes.first { $0["address"] as? String == "secret_trail" })
    let change = try #require(trail["change"] as? [String: Any])
    #expect(change["actions"] as? [String] == ["create", "delete"])
    #expect(change["replace_paths"] as? [[String]] == [["name"]])
    #expect(trail["action_reason"] as? String == "replace_because_cannot_update")
    #expect((change["before"] as? [String: Any])?["name"] as? String == "secmon-trail")
    #expect((change["after"] as? [String: Any])?["name"] as? String == "secmon-trail-v2")
}

@Test func unknownAndSensitiveValuesAreNullWithMasks() throws {
    let json = try PlanJSONRenderer.render(SamplePlans.create)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let changes = try #require(object["resource_changes"] as? [[String: Any]])
    let secret = try #require(changes.first { $0["address"] as? String == "top_secret" }?["change"] as? [String: Any])
    #expect((secret["after"] as? [String: Any])?["value"] is NSNull)
    #expect((secret["after_sensitive"] as? [String: Any])?["value"] as? Bool == true)
    #expect(secret["before"] is NSNull)
    let email = try #require(changes.first { $0["address"] as? String == "alert_email" }?["change"] as? [String: Any])
    #expect((email["after_unknown"] as? [String: Any])?["topic"] as? Bool == true)
}

/// Past GitHub's comment limit the details go first, then table rows, and a note says so.
@Test func markdownFitsTheCommentLimit() throws {
    let many = SamplePlans.plan((0..<400).map { i in
        PlannedAction(address: "group_\(i)", kind: "log_group", action: .create, physicalID: "/secmon/group-\(i)",
                      properties: ["name": .string("/secmon/group-\(i)"), "retention_days": .int(90),
                                   "tags": SamplePlans.tags("group_\(i)")])
    })
    let full = PlanMarkdownRenderer.render(many, limit: .max)
    #expect(full.utf16.count > PlanMarkdownRenderer.gitHubCommentLimit)
    let fitted = PlanMarkdownRenderer.render(many)
    #expect(fitted.utf16.count <= PlanMarkdownRenderer.gitHubCommentLimit)
    #expect(fitted.contains("are left out to fit a GitHub comment"))
    #expect(fitted.contains("| `+` | `group_399` |"), "every change stays in the table")
    let tiny = PlanMarkdownRenderer.render(many, limit: 2_000)
    #expect(tiny.utf16.count <= 2_000)
    #expect(tiny.contains("rows of the table are left out"))
}

/// A stack with `targets:`: one plan per account and region, grouped by target in every format.
private var targetPlans: [Plan] {
    var other = SamplePlans.noChange
    other.context.accountID = "222222222222"
    other.context.region = "us-west-2"
    return [SamplePlans.create, other]
}

@Test func plansOfSeveralTargetsAreGroupedByTarget() throws {
    let text = TargetPlans.text(targetPlans)
    try checkGolden(text, "targets.txt")
    #expect(text.contains("=== Target: account 123456789012, region us-east-1 ==="))
    #expect(text.contains("=== Target: account 222222222222, region us-west-2 ==="))
    #expect(text.hasSuffix("2 targets, 1 with changes. \(PlanTextRenderer.summaryLine(SamplePlans.create.summary))\n"))
    try checkGolden(TargetPlans.markdown(targetPlans), "markdown/targets.md")
    let json = try TargetPlans.json(targetPlans)
    try checkGolden(json, "json/targets.json")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let targets = try #require(object["targets"] as? [[String: Any]])
    #expect(targets.map { $0["account_id"] as? String } == ["123456789012", "222222222222"])
    #expect(object["has_changes"] as? Bool == true)
    #expect(TargetPlans.text([SamplePlans.create]) == PlanTextRenderer.render(SamplePlans.create), "one target: the plan as it is")
}
