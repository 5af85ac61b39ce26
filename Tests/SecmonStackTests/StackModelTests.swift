import SecmonCore
import XCTest
@testable import SecmonStack

/// The validated model: what valid stacks turn into, variables, templates, the checker hook.
final class StackModelTests: XCTestCase {
    func testExampleStackIsValid() throws {
        let stack = try validStack(try exampleStackText(), file: "stacks/secret-access-alarm.yaml")
        XCTAssertEqual(stack.name, "secret-access-alarm")
        XCTAssertEqual(stack.resources.map(\.id), [
            "top_secret", "trail_bucket", "trail_logs", "trail_role", "secret_trail",
            "secret_reads", "secret_read_alarm", "secret_read_rule", "secret_read_message", "alerts", "alert_email",
        ])
        XCTAssertEqual(stack.resource("secret_reads")?.properties["metric_value"]?.value, .string("1"))
        XCTAssertEqual(stack.resource("top_secret")?.properties["name"]?.value, .string("TopSecretInfo"))
        XCTAssertEqual(stack.resource("alerts")?.properties["name"]?.keyLocation,
                       SourceLocation(file: "stacks/secret-access-alarm.yaml", line: 261, column: 5))
    }

    func testVariablePrecedenceIsVarOverFileOverDefault() throws {
        let yaml = """
        stack: demo
        variables:
          topic_name:
            default: from-default
        resources:
          t:
            type: topic
            name: ${var.topic_name}
        """
        XCTAssertEqual(try validStack(yaml).resource("t")?.properties["name"]?.value, .string("from-default"))
        let withVar = VariableBindings(values: ["topic_name": "from-var"])
        XCTAssertEqual(try validStack(yaml, variables: withVar).resource("t")?.properties["name"]?.value, .string("from-var"))
        XCTAssertEqual(try validStack(yaml, variables: withVar).variables["topic_name"]?.value, "from-var")
    }

    func testVariableFileErrorsAreLocatedInThatFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-vars-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let vars = dir.appendingPathComponent("vars.yaml")
        try Data("topic_nam: x\nlist: [1]\n".utf8).write(to: vars)
        assertDiagnostics("""
        stack: demo
        variables:
          topic_name: {default: a}
          list: {default: b}
        resources: {}
        """, variables: VariableBindings(files: [vars.path]), [
            "\(vars.path):1:1: error: 'topic_nam' sets a variable the stack does not declare (did you mean 'topic_name'?)",
            "\(vars.path):2:7: error: variable 'list' must be a string, number or boolean, not a list",
        ])
    }

    func testAMissingVariablesFileIsNamedAsSuch() {
        assertDiagnostics("stack: demo\nresources: {}\n",
                          variables: VariableBindings(files: ["/no/such/vars.yaml"]),
                          ["error: cannot read variables file '/no/such/vars.yaml': no such file"])
    }

    func testDeclaredVariableWithoutValueIsReportedOnceWhereDeclared() {
        assertDiagnostics("""
        stack: demo
        variables:
          name:
            description: no default
        resources:
          t:
            type: topic
            name: ${var.name}
          u:
            type: topic
            name: ${var.name}-2
        """, ["stack.yaml:3:3: error: variable 'name' has no value: pass --var name=... or --var-file, or give it a default"])
        XCTAssertNotNil(StackLoader.load(text: "stack: demo\nvariables:\n  name: {}\nresources: {}\n", file: "s.yaml",
                                         variables: VariableBindings(values: ["name": "x"])).stack)
    }

    func testWholeValueVariableKeepsTheTypeOfItsText() throws {
        let stack = try validStack("""
        stack: demo
        variables:
          period: {default: 600}
        resources:
          a:
            type: alarm
            name: a
            metric_namespace: N
            metric_name: M
            period: ${var.period}
        """)
        XCTAssertEqual(stack.resource("a")?.properties["period"]?.value, .int(600))
        assertDiagnostics("""
        stack: demo
        resources:
          a:
            type: alarm
            name: a
            metric_namespace: N
            metric_name: M
            period: ${a.arn}
        """, [
            "stack.yaml:8:13: error: period of alarm 'a' must be an integer; a reference to another resource is a string known only at apply time",
        ])
    }

    func testSubstitutedValuesAreCheckedLikeLiterals() {
        assertDiagnostics("""
        stack: Demo
        resources:
          b:
            type: bucket
            name: ${stack.name}-logs
        """, ["stack.yaml:5:11: error: name 'Demo-logs' of bucket 'b' contains 'D', but only lowercase letters, digits, '.' and '-' are allowed"])
    }

    func testTemplatesKeepReferencesAndEscapedDollars() throws {
        let stack = try validStack("""
        stack: demo
        resources:
          u:
            type: topic
            name: u
          t:
            type: topic
            name: t
            display_name: "$${literal} ${aws.region} ${u.name}"
        """)
        XCTAssertEqual(stack.resource("t")?.properties["display_name"]?.value, .template([
            .literal("${literal} "), .reference(AttributeReference(resource: "aws", attribute: "region")), .literal(" "),
            .reference(AttributeReference(resource: "u", attribute: "name")),
        ]))
    }

    func testMessagesEscapeControlCharacters() {
        assertDiagnostics("stack: demo\nresources:\n  t:\n    type: topic\n    name: \"\\e[31mred\\nx\"\n", [
            #"stack.yaml:5:11: error: name '\u{1B}[31mred\nx' of topic 't' contains U+1B, but only letters, digits, '_' and '-' (and a '.fifo' suffix) are allowed"#,
        ])
    }

    func testExplicitStringTagMakesANumberAString() throws {
        let stack = try validStack("stack: demo\nresources:\n  t:\n    type: topic\n    name: !!str 123\n")
        XCTAssertEqual(stack.resource("t")?.properties["name"]?.value, .string("123"))
    }

    func testReferenceProblemsPointAtTheReferenceInOneLineScalars() {
        assertDiagnostics("""
        stack: demo
        resources:
          t:
            type: topic
            name: t
            display_name: "to ${nobody.arn} and ${t.nam}"
            kms_key: 'k-${aws.regio}'
          u:
            type: topic
            name: u
            display_name: "escaped \\" ${nobody.arn}"
        """, [
            "stack.yaml:6:23: error: display_name of topic 't' refers to unknown resource 'nobody' in ${nobody.arn} (expected one of: aws, stack, t, u, var)",
            "stack.yaml:6:41: error: display_name of topic 't' refers to attribute 'nam' of topic 't' in ${t.nam}, but a topic has only name, arn (did you mean 'name'?)",
            "stack.yaml:7:17: error: kms_key of topic 't' refers to unknown attribute 'regio' in ${aws.regio}; aws has account_id, region, partition (did you mean 'region'?)",
            "stack.yaml:11:19: error: display_name of topic 'u' refers to unknown resource 'nobody' in ${nobody.arn} (expected one of: aws, stack, t, u, var)",
        ])
    }

    func testCoreSchemaScalars() throws {
        let stack = try validStack("""
        stack: demo
        tags:
          answer: no
          count: 0x10
        resources:
          s:
            type: secret
            name: s
            value_version: 2
            recovery_window_days: 0o11
        """)
        XCTAssertEqual(stack.tags, ["answer": "no", "count": "0x10"])
        XCTAssertEqual(stack.resource("s")?.properties["value_version"]?.value, .string("2"))
        XCTAssertEqual(stack.resource("s")?.properties["recovery_window_days"]?.value, .int(9))
    }

    func testTestsNodeIsKeptRawWithMarks() throws {
        let stack = try validStack("""
        stack: demo
        resources:
          g:
            type: log_group
            name: g
          f:
            type: metric_filter
            name: f
            log_group: ${g.name}
            pattern: '{ $.eventName = "GetSecretValue" }'
            metric_namespace: N
            metric_name: M
            tests:
              - event: {eventName: GetSecretValue}
                expect: 1
        """)
        let tests = try XCTUnwrap(stack.resource("f")?.tests)
        XCTAssertEqual(tests.location, SourceLocation(file: "stack.yaml", line: 14, column: 7))
        XCTAssertEqual(tests.sequence?.first?.mapping?.map(\.keyText), ["event", "expect"])
        XCTAssertNil(stack.resource("f")?.properties["tests"])
    }

    func testCheckersRunOnValidStacksAndTheirDiagnosticsAreMerged() {
        let lint: StackChecker = { stack in
            stack.resources.map { Diagnostic(.warning, "looked at \($0.id)", at: $0.location, id: "SM999") }
        }
        let valid = StackLoader.load(text: "stack: demo\nresources:\n  t:\n    type: topic\n    name: t\n", file: "s.yaml", checkers: [lint])
        XCTAssertEqual(valid.diagnostics.map(\.description), ["s.yaml:3:3: warning: looked at t [SM999]"])
        XCTAssertNotNil(valid.stack, "warnings keep the stack")

        let failing: StackChecker = { _ in [Diagnostic(.error, "nope", at: nil)] }
        let refused = StackLoader.load(text: "stack: demo\nresources: {}\n", file: "s.yaml", checkers: [failing])
        XCTAssertNil(refused.stack)

        let invalid = StackLoader.load(text: "stack: demo\n", file: "s.yaml", checkers: [lint, failing])
        XCTAssertEqual(invalid.diagnostics.map(\.description), ["s.yaml:1:1: error: missing 'resources:' at the top level"],
                       "checkers do not run on an invalid stack")
    }

    func testSuggestionsPreferCaseAndSmallEdits() {
        XCTAssertEqual(Suggestion.closest(to: "treshold", among: ["threshold", "period"]), "threshold")
        XCTAssertEqual(Suggestion.closest(to: "Sum", among: ["SampleCount", "Sum"]), "Sum")
        XCTAssertEqual(Suggestion.closest(to: "sum", among: ["SampleCount", "Sum"]), "Sum")
        XCTAssertEqual(Suggestion.closest(to: "nmae", among: ["name"]), "name")
        XCTAssertNil(Suggestion.closest(to: "colour", among: ["name", "encryption"]))
        // One letter off in three is another word: no suggestion, the valid values instead.
        XCTAssertNil(Suggestion.closest(to: "sms", among: ["email", "sqs", "https"]))
        XCTAssertEqual(Suggestion.didYouMean("sms", among: ["sqs", "email"]), " (expected one of: email, sqs)")
        XCTAssertEqual(Suggestion.didYouMean("sms", among: ["sqs", "email"], listOtherwise: false), "")
    }

    func testDependencyOrderBreaksTiesByIDAndFindsCycles() {
        XCTAssertEqual(DependencyOrder.sorted(["c": [], "b": ["c"], "a": ["c"], "d": []]), ["c", "a", "b", "d"])
        XCTAssertNil(DependencyOrder.sorted(["a": ["b"], "b": ["a"]]))
        let rank = ["x": 0, "a": 1, "b": 2, "c": 3]
        XCTAssertEqual(DependencyOrder.cycles(["a": ["b"], "b": ["c"], "c": ["a"], "x": ["x"]], rank: { rank[$0] ?? 9 }),
                       [["x", "x"], ["a", "b", "c", "a"]])
    }
}
