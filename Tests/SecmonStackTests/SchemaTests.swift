import Foundation
import SecmonCore
import TestSupport
import XCTest
@testable import SecmonStack

final class SchemaTests: XCTestCase {
    func testCommittedSchemaIsCurrent() throws {
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/stack.schema.json"), encoding: .utf8)
        XCTAssertEqual(committed, JSONSchemaGenerator.rendered(),
                       "docs/stack.schema.json is stale: run `swift run secmon schema > docs/stack.schema.json`")
    }

    func testCommittedKindReferenceIsCurrent() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/stacks.md"), encoding: .utf8)
        let begin = try XCTUnwrap(doc.range(of: KindReferenceDocs.beginMarker), "docs/stacks.md lacks the begin marker")
        let end = try XCTUnwrap(doc.range(of: KindReferenceDocs.endMarker), "docs/stacks.md lacks the end marker")
        let embedded = String(doc[begin.upperBound..<end.lowerBound]).trimmingCharacters(in: .newlines)
        XCTAssertEqual(embedded, KindReferenceDocs.markdown().trimmingCharacters(in: .newlines),
                       "docs/stacks.md is stale: replace the generated section with `secmon schema --format markdown`")
    }

    func testDocumentedExampleIsTheExampleStack() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/stacks.md"), encoding: .utf8)
        XCTAssertTrue(doc.contains("```yaml\n" + (try exampleStackText()) + "```"),
                      "the example in docs/stacks.md differs from stacks/secret-access-alarm.yaml")
    }

    func testEveryKindPropertyIsDocumentedInTheSchema() throws {
        let rendered = JSONSchemaGenerator.rendered()
        for kind in KindSchema.all {
            XCTAssertTrue(rendered.contains("\"\(kind.name)\": {"), kind.name)
            for property in kind.allProperties { XCTAssertTrue(rendered.contains("\"\(property.name)\": {"), "\(kind.name).\(property.name)") }
        }
    }

    /// Every stack in stacks/ validates against docs/stack.schema.json with Python's jsonschema
    /// (the YAML is converted to JSON by secmon's own parser, so both read the same document).
    func testEveryStackFileValidatesAgainstTheSchema() throws {
        let stacks = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("stacks").path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        XCTAssertFalse(stacks.isEmpty)
        for name in stacks {
            let path = repositoryRoot.appendingPathComponent("stacks/\(name)").path
            XCTAssertEqual(StackLoader.load(path: path).diagnostics.map(\.description), [], name)
            let errors = try jsonSchemaErrors(for: try YAMLToJSON.json(atPath: path))
            XCTAssertEqual(errors, "", name)
        }
    }

    /// The schema catches what it can express (so editors flag it early).
    func testSchemaRejectsWhatItCanExpress() throws {
        let broken = """
        stack: demo
        resources:
          a:
            type: alarm
            name: a
            metric_namespace: N
            metric_name: M
            treshold: 2
            period: 45
          b:
            type: bucket
            name: Upper_Case
          t:
            type: topik
        """
        let errors = try jsonSchemaErrors(for: try YAMLToJSON.json(text: broken))
        XCTAssertTrue(errors.contains("treshold"), errors)
        XCTAssertTrue(errors.contains("45"), errors)
        XCTAssertTrue(errors.contains("Upper_Case"), errors)
        XCTAssertTrue(errors.contains("topik"), errors)
    }

    func testTemplatesAreAcceptedWherePatternsApply() throws {
        let errors = try jsonSchemaErrors(for: try YAMLToJSON.json(text: """
        stack: demo
        resources:
          b:
            type: bucket
            name: ${stack.name}-logs
        """))
        XCTAssertEqual(errors, "")
    }

    private func jsonSchemaErrors(for json: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = dir.appendingPathComponent("stack.json")
        try Data(json.utf8).write(to: document)
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
        for error in sorted(validator.iter_errors(json.load(open(sys.argv[2]))), key=str):
            print(error.message)
        """
        let output = try runProcess("/usr/bin/env", ["python3", "-c", script,
                                                     repositoryRoot.appendingPathComponent("docs/stack.schema.json").path, document.path])
        XCTAssertEqual(output.status, 0, output.stderr)
        return output.stdout
    }
}

/// YAML read by secmon's loader, written as JSON for tools such as jsonschema.
enum YAMLToJSON {
    static func json(atPath path: String) throws -> String {
        try convert(YAMLDocumentLoader.load(path: path))
    }

    static func json(text: String) throws -> String {
        try convert(YAMLDocumentLoader.load(bytes: Array(text.utf8), file: "stack.yaml"))
    }

    private static func convert(_ loaded: Result<YAMLNode, DiagnosticFailure>) throws -> String {
        try value(loaded.get()).rendered()
    }

    static func value(_ node: YAMLNode) -> JSONValue {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .sequence(let items): return .array(items.map(value))
        case .mapping(let pairs): return .object(pairs.map { ($0.keyText ?? "", value($0.value)) })
        }
    }
}
