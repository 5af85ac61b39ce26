import SecmonCore
import SecmonGraph
import SecmonPlan

/// `${resource.attribute}` as the graph builder leaves it.
public func ref(_ resource: String, _ attribute: String) -> Value {
    .template([.reference(AttributeReference(resource: resource, attribute: attribute))])
}

/// A mixed template such as `"arn:${aws.partition}:x"`.
public func template(_ parts: TemplatePart...) -> Value { .template(parts) }

public func resource(_ id: String, _ kind: String, _ properties: [String: Value], dependsOn extra: Set<String> = [])
    -> DesiredResource {
    let references = properties.values.flatMap(\.references).map(\.resource).filter { $0 != "aws" }
    return DesiredResource(id: id, kind: kind, properties: properties, dependencies: Set(references).union(extra))
}

/// A graph with a deterministic topological order (ties by id), as the graph builder makes.
public func graph(_ resources: [DesiredResource], stack: String = "test-stack") -> DesiredGraph {
    var byID: [String: DesiredResource] = [:]
    for r in resources { byID[r.id] = r }
    // Kahn's algorithm, always taking the smallest ready id.
    var waiting: [String: Int] = [:]
    var dependents: [String: [String]] = [:]
    for r in resources {
        let deps = r.dependencies.filter { byID[$0] != nil }
        waiting[r.id] = deps.count
        for d in deps { dependents[d, default: []].append(r.id) }
    }
    var ready = Set(waiting.filter { $0.value == 0 }.keys)
    var order: [String] = []
    while let next = ready.min() {
        ready.remove(next)
        order.append(next)
        for d in dependents[next] ?? [] {
            waiting[d]! -= 1
            if waiting[d] == 0 { ready.insert(d) }
        }
    }
    return DesiredGraph(stackName: stack, region: "eu-west-1", tags: [:], resources: byID, order: order)
}

public let testContext = DriverContext(stackName: "test-stack", accountID: "123456789012", region: "eu-west-1")

/// The drivers of a small pipeline: log group -> metric filter -> alarm -> topic -> subscription.
public struct FakeWorld {
    public let cloud = FakeCloud()
    public init() {}
    public var drivers: DriverRegistry {
        DriverRegistry([
            FakeDriver(kind: "log_group", replaceOn: ["name"], cloud: cloud, defaults: ["retention_days": .null]),
            FakeDriver(kind: "metric_filter", replaceOn: ["name", "log_group"], cloud: cloud,
                       defaults: ["metric_value": .string("1")], taggable: false,
                       parent: (kind: "log_group", property: "log_group")),
            FakeDriver(kind: "alarm", replaceOn: ["name"], cloud: cloud,
                       defaults: ["threshold": .double(1), "statistic": .string("Sum")]),
            FakeDriver(kind: "topic", replaceOn: ["name"], cloud: cloud),
            FakeDriver(kind: "subscription", replaceOn: ["topic", "protocol", "endpoint"], cloud: cloud,
                       taggable: false, parent: (kind: "topic", property: "topic"), assignsID: true),
            FakeDriver(kind: "secret", replaceOn: ["name"], cloud: cloud,
                       deleteNote: "scheduled for deletion on 2026-12-25 (after its 30-day recovery window)"),
        ])
    }

    public func planner(adopt: Bool = false, mode: PlanMode = .apply) -> Planner {
        Planner(drivers: drivers, context: testContext, options: PlanOptions(adopt: adopt, mode: mode))
    }
}

/// The example pipeline, small.
public func pipeline(alarmName: String = "SecretIsAccessed", threshold: Value = .int(1),
              email: String = "security@example.com", topicName: String = "SecurityAlarms",
              includeFilter: Bool = true) -> DesiredGraph {
    var resources = [
        resource("trail_logs", "log_group", ["name": .string("/secmon/trail"), "retention_days": .int(90)]),
        resource("secret_read_alarm", "alarm", [
            "name": .string(alarmName),
            "threshold": threshold,
            "alarm_actions": .list([ref("alerts", "arn")]),
            "description": template(.literal("reads in "), .reference(AttributeReference(resource: "aws", attribute: "region"))),
        ]),
        resource("alerts", "topic", ["name": .string(topicName)]),
        resource("alert_email", "subscription", [
            "topic": ref("alerts", "arn"), "protocol": .string("email"), "endpoint": .string(email),
        ]),
    ]
    if includeFilter {
        resources.append(resource("secret_reads", "metric_filter", [
            "name": .string("SecretReads"), "log_group": ref("trail_logs", "name"),
            "pattern": .string("{ $.eventName = \"GetSecretValue\" }"),
        ]))
    }
    return graph(resources)
}
