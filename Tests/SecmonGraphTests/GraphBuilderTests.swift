import SecmonCore
@testable import SecmonGraph
import TestSupport
import XCTest
@testable import SecmonStack

final class GraphBuilderTests: XCTestCase {
    private func exampleGraph() throws -> DesiredGraph {
        try GraphBuilder.build(try validStack(try exampleStackText(), file: "stacks/secret-access-alarm.yaml"))
    }

    func testExampleOrderPutsDependenciesFirstAndBreaksTiesByID() throws {
        XCTAssertEqual(try exampleGraph().order, [
            "alerts", "alert_email", "top_secret", "secret_read_rule", "secret_read_message", "trail_bucket", "trail_logs",
            "secret_reads", "secret_read_alarm", "trail_role", "secret_trail",
        ])
    }

    func testEdgesComeFromReferencesAndDependsOn() throws {
        let graph = try exampleGraph()
        XCTAssertEqual(graph.resources["secret_trail"]?.dependencies, ["trail_bucket", "trail_logs", "trail_role"])
        XCTAssertEqual(graph.resources["secret_read_alarm"]?.dependencies, ["secret_reads", "alerts"])
        XCTAssertEqual(graph.resources["trail_bucket"]?.dependencies, [], "aws.* is not an edge")

        let stack = try validStack("""
        stack: demo
        resources:
          b:
            type: topic
            name: b
          a:
            type: topic
            name: a
            depends_on: [b]
        """)
        let graph2 = try GraphBuilder.build(stack)
        XCTAssertEqual(graph2.resources["a"]?.dependencies, ["b"])
        XCTAssertEqual(graph2.order, ["b", "a"])
    }

    func testReferencesBecomeTemplatesAndBuiltinsAreSubstituted() throws {
        let graph = try exampleGraph()
        let trail = try XCTUnwrap(graph.resources["secret_trail"])
        XCTAssertEqual(trail.properties["name"], .string("secret-access-alarm-trail"))
        XCTAssertEqual(trail.properties["log_group"], .template([.reference(AttributeReference(resource: "trail_logs", attribute: "arn"))]))
        XCTAssertEqual(trail.properties["management_events"], .string("all"))
        XCTAssertNil(trail.properties["multi_region"], "defaults are not filled in")
        XCTAssertEqual(graph.resources["trail_bucket"]?.properties["name"], .template([
            .literal("secret-access-alarm-trail-"), .reference(AttributeReference(resource: "aws", attribute: "account_id")),
        ]))
        XCTAssertEqual(graph.resources["alert_email"]?.properties["endpoint"], .string("security@example.com"))
        XCTAssertEqual(graph.resources["top_secret"]?.properties["value"], .map(["from_env": .string("TOP_SECRET_INFO")]))
        XCTAssertEqual(graph.resources["top_secret"]?.properties["value_version"], .string("1"))
        XCTAssertEqual(graph.resources["secret_reads"]?.properties["default_value"], .int(0))
        XCTAssertEqual(graph.stackName, "secret-access-alarm")
        XCTAssertEqual(graph.tags, ["team": "security"])
    }

    func testBucketGetsTheARNsOfTrailsDeliveringToIt() throws {
        let graph = try exampleGraph()
        let aws = { (attribute: String) in TemplatePart.reference(AttributeReference(resource: "aws", attribute: attribute)) }
        XCTAssertEqual(graph.resources["trail_bucket"]?.properties["trail_arns"], .list([.template([
            .literal("arn:"), aws("partition"), .literal(":cloudtrail:"), aws("region"), .literal(":"), aws("account_id"),
            .literal(":trail/secret-access-alarm-trail"),
        ])]))
    }

    func testBucketWithoutDeliveryGetsNoTrailARNs() throws {
        let graph = try GraphBuilder.build(try validStack("""
        stack: demo
        resources:
          b:
            type: bucket
            name: plain-bucket
          t:
            type: trail
            name: my-trail
            bucket: plain-bucket
        """))
        XCTAssertNil(graph.resources["b"]?.properties["trail_arns"])
    }

    func testBucketNamedLiterallyByATrailGetsItsARN() throws {
        let graph = try GraphBuilder.build(try validStack("""
        stack: demo
        resources:
          b:
            type: bucket
            name: logs-bucket
            cloudtrail_delivery: true
          t:
            type: trail
            name: my-trail
            bucket: logs-bucket
          other:
            type: trail
            name: other-trail
            bucket: elsewhere
        """))
        XCTAssertEqual(graph.resources["b"]?.properties["trail_arns"]?.listValue?.count, 1)
        XCTAssertEqual(graph.resources["b"]?.dependencies, [], "no edge from the bucket to its trails")
    }

    func testAlarmCopiesTheMetricOfItsFilter() throws {
        let alarm = try XCTUnwrap(try exampleGraph().resources["secret_read_alarm"])
        XCTAssertEqual(alarm.properties["metric_namespace"], .string("SecMon"))
        XCTAssertEqual(alarm.properties["metric_name"], .string("SecretIsAccessed"))
        XCTAssertEqual(alarm.properties["metric_filter"], .template([.reference(AttributeReference(resource: "secret_reads", attribute: "name"))]))
    }

    func testFromFileIsResolvedAgainstTheStackDirectory() throws {
        let graph = try GraphBuilder.build(try validStack("""
        stack: demo
        resources:
          s:
            type: secret
            name: s
            value:
              from_file: secrets/s.txt
        """, file: "/srv/stacks/demo.yaml"))
        XCTAssertEqual(graph.resources["s"]?.properties["value"], .map(["from_file": .string("/srv/stacks/secrets/s.txt")]))
    }

    func testHandMadeCycleIsRefused() {
        let location = SourceLocation(file: "x", line: 1, column: 1)
        let ref = { (id: String) in StackProperty(value: .template([.reference(AttributeReference(resource: id, attribute: "arn"))]),
                                                 keyLocation: location, valueLocation: location) }
        let stack = ValidatedStack(file: "x", name: "x", region: nil, variables: [:], tags: [:], resources: [
            StackResource(id: "a", kind: "topic", location: location, properties: ["display_name": ref("b")]),
            StackResource(id: "b", kind: "topic", location: location, properties: ["display_name": ref("a")]),
        ])
        XCTAssertThrowsError(try GraphBuilder.build(stack)) { error in
            XCTAssertEqual("\(error)", "reference cycle: a -> b -> a")
        }
    }

    func testDOTListsNodesInOrderAndLabelledEdges() throws {
        let dot = DOTRenderer.render(try GraphBuilder.build(try validStack("""
        stack: demo
        resources:
          alerts:
            type: topic
            name: alerts
          mail:
            type: subscription
            topic: ${alerts.arn}
            protocol: email
            endpoint: a@example.com
        """)))
        XCTAssertEqual(dot, """
        digraph "demo" {
          rankdir=LR;
          node [shape=box, style=rounded, fontname="Helvetica"];
          edge [fontname="Helvetica", fontsize=10];
          "alerts" [label="alerts\\ntopic"];
          "mail" [label="mail\\nsubscription"];
          "alerts" -> "mail" [label="arn"];
        }

        """)
    }

    func testDOTQuotesSpecialCharacters() {
        XCTAssertEqual(DOTRenderer.quote("a\"b\\c\nd"), #""a\"b\\c\nd""#)
    }

    func testDOTOfTheExampleRendersWithGraphviz() throws {
        let dot = DOTRenderer.render(try exampleGraph())
        let output = try runProcess("/usr/bin/dot", ["-Tsvg"], input: Data(dot.utf8))
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("<svg"))
        XCTAssertTrue(output.stdout.contains("secret_read_alarm"))
    }
}
