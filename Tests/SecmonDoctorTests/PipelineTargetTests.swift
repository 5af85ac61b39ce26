import SecmonCore
import SecmonGraph
import XCTest
@testable import SecmonDoctor

final class PipelineTargetTests: XCTestCase {
    func ref(_ id: String, _ attribute: String) -> Value { .template([.reference(AttributeReference(resource: id, attribute: attribute))]) }

    var graph: DesiredGraph {
        let resources: [DesiredResource] = [
            DesiredResource(id: "top_secret", kind: "secret", properties: ["name": .string("TopSecretInfo")], dependencies: []),
            DesiredResource(id: "trail_logs", kind: "log_group", properties: ["name": .string("secret-trail-logs")], dependencies: []),
            DesiredResource(id: "secret_trail", kind: "trail", properties: ["name": .string("secret-trail"), "log_group": ref("trail_logs", "arn")], dependencies: ["trail_logs"]),
            DesiredResource(id: "secret_reads", kind: "metric_filter", properties: ["name": .string("secret-reads"), "log_group": ref("trail_logs", "name")], dependencies: ["trail_logs"]),
            DesiredResource(id: "secret_read_alarm", kind: "alarm", properties: ["name": .template([.literal("alarm-"), .reference(AttributeReference(resource: "secret_reads", attribute: "name"))])], dependencies: ["secret_reads"]),
            DesiredResource(id: "alerts", kind: "topic", properties: ["name": .string("SecurityAlarms")], dependencies: []),
            DesiredResource(id: "alert_email", kind: "subscription", properties: ["topic": ref("alerts", "arn"), "protocol": .string("email"), "endpoint": .string("security@example.com")], dependencies: ["alerts"]),
        ]
        return DesiredGraph(stackName: "secret-access-alarm", region: "us-east-1", tags: [:],
                            resources: Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0) }),
                            order: resources.map(\.id))
    }

    func testStackNamesBecomeTheTarget() throws {
        let target = try PipelineTarget(graph: graph)
        XCTAssertEqual(target, PipelineTarget(
            origin: .stack("secret-access-alarm"), secret: "TopSecretInfo", trailName: "secret-trail",
            logGroupName: "secret-trail-logs", metricFilterName: "secret-reads", alarmName: "alarm-secret-reads",
            topic: "SecurityAlarms", expectedSubscriptions: [.init(protocol: "email", endpoint: "security@example.com")]))
    }

    func testAStackWithoutTheSecretIsAnError() {
        XCTAssertThrowsError(try PipelineTarget(graph: graph, secret: "Other")) { error in
            XCTAssertEqual(String(describing: error), "stack secret-access-alarm declares no secret named Other")
        }
        var empty = graph
        empty.resources = [:]
        empty.order = []
        XCTAssertThrowsError(try PipelineTarget(graph: empty))
    }

    /// Two secrets, each with its own filter, alarm, topic and subscription on one trail and log
    /// group: each secret's target is its own chain, whatever the declaration order.
    func testEachSecretGetsItsOwnChain() throws {
        var two = graph
        let extra: [DesiredResource] = [
            DesiredResource(id: "db_secret", kind: "secret", properties: ["name": .string("DbPassword")], dependencies: []),
            DesiredResource(id: "db_reads", kind: "metric_filter", properties: [
                "name": .string("db-reads"), "log_group": ref("trail_logs", "name"), "pattern": ref("db_secret", "read_pattern"),
            ], dependencies: ["trail_logs", "db_secret"]),
            DesiredResource(id: "db_alarm", kind: "alarm", properties: [
                "name": .string("db-read"), "metric_filter": ref("db_reads", "name"), "alarm_actions": .list([ref("db_alerts", "arn")]),
            ], dependencies: ["db_reads", "db_alerts"]),
            DesiredResource(id: "db_alerts", kind: "topic", properties: ["name": .string("DbAlarms")], dependencies: []),
            DesiredResource(id: "db_email", kind: "subscription", properties: [
                "topic": ref("db_alerts", "arn"), "protocol": .string("email"), "endpoint": .string("dba@example.com"),
            ], dependencies: ["db_alerts"]),
        ]
        // The second chain first in the order: "the first of each kind" would pick it.
        for resource in extra { two.resources[resource.id] = resource }
        two.order = extra.map(\.id) + two.order
        two.resources["secret_reads"]?.properties["pattern"] = ref("top_secret", "read_pattern")
        two.resources["secret_read_alarm"]?.properties["metric_filter"] = ref("secret_reads", "name")
        two.resources["secret_read_alarm"]?.properties["alarm_actions"] = .list([ref("alerts", "arn")])

        let top = try PipelineTarget(graph: two, secret: "TopSecretInfo")
        XCTAssertEqual(top, PipelineTarget(
            origin: .stack("secret-access-alarm"), secret: "TopSecretInfo", trailName: "secret-trail",
            logGroupName: "secret-trail-logs", metricFilterName: "secret-reads", alarmName: "alarm-secret-reads",
            topic: "SecurityAlarms", expectedSubscriptions: [.init(protocol: "email", endpoint: "security@example.com")]))
        let db = try PipelineTarget(graph: two, secret: "db_secret")
        XCTAssertEqual(db, PipelineTarget(
            origin: .stack("secret-access-alarm"), secret: "DbPassword", trailName: "secret-trail",
            logGroupName: "secret-trail-logs", metricFilterName: "db-reads", alarmName: "db-read",
            topic: "DbAlarms", expectedSubscriptions: [.init(protocol: "email", endpoint: "dba@example.com")]))
        // doctor without --secret checks every watched secret's chain, in stack order.
        XCTAssertEqual(try PipelineTarget.all(graph: two), [db, top])
        XCTAssertEqual(try PipelineTarget.all(graph: graph), [try PipelineTarget(graph: graph)])
        // A secret the stack declares but watches with nothing is no chain of its own.
        var unwatched = two
        unwatched.resources["db_reads"]?.properties["pattern"] = .string("{ $.eventName = \"GetSecretValue\" }")
        XCTAssertEqual(try PipelineTarget.all(graph: unwatched).map(\.secret), ["TopSecretInfo"])
    }
}
