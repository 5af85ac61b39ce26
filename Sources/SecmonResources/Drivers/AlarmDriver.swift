import AWSClient
import SecmonCore
import SecmonPlan

/// `alarm`: a CloudWatch metric alarm on a single metric. Physical id: its name.
public struct AlarmDriver: NamedKind {
    public let kind = "alarm"
    public let replaceOn: Set<String> = ["name"]
    let client: any AWSCalling
    let options: DriverOptions

    /// DescribeAlarms takes at most this many names.
    static let namesPerDescribe = 100

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        // `metric_filter` only told the graph builder where metric_namespace and metric_name
        // come from; `tests` belongs to the alerts module. Neither is part of the AWS resource.
        let evaluationPeriods = Normalize.int(p["evaluation_periods"], default: .int(1))
        return [
            "name": Normalize.string(p["name"]),
            "description": Normalize.optionalString(p["description"]),
            "metric_namespace": Normalize.string(p["metric_namespace"]),
            "metric_name": Normalize.string(p["metric_name"]),
            "statistic": Normalize.string(p["statistic"], default: .string("Sum")),
            "period": Normalize.int(p["period"], default: .int(300)),
            "evaluation_periods": evaluationPeriods,
            "datapoints_to_alarm": Normalize.int(p["datapoints_to_alarm"], default: evaluationPeriods),
            "threshold": Normalize.number(p["threshold"], default: .int(1)),
            "comparison_operator": Normalize.string(p["comparison_operator"],
                                                    default: .string("GreaterThanOrEqualToThreshold")),
            "treat_missing_data": Normalize.string(p["treat_missing_data"], default: .string("notBreaching")),
            "alarm_actions": Normalize.unorderedList(p["alarm_actions"]),
            "ok_actions": Normalize.unorderedList(p["ok_actions"]),
            "insufficient_data_actions": Normalize.unorderedList(p["insufficient_data_actions"]),
            "actions_enabled": Normalize.bool(p["actions_enabled"], default: true),
            "tags": Tags.desired(p["tags"], id: id, context: context),
        ]
    }

    public func arn(forName name: String, context: DriverContext) -> String { ARN.alarm(name, context) }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        let wanted = Set(physicalIDs)
        let batches = wanted.sorted().chunked(Self.namesPerDescribe)
        let described = try await concurrentMap(batches, limit: options.concurrency) { names in
            try await withResourceContext(kind: kind, name: names.joined(separator: ", "), action: "read") {
                try await describe(["AlarmNames": .list(names.map { .string($0) })])
            }
        }
        // Filter again: an endpoint may ignore AlarmNames.
        let alarms = described.flatMap { $0 }.filter { wanted.contains($0["AlarmName"].string ?? "") }
        let live = try await withTags(alarms, context: context)
        return Dictionary(live.map { ($0.physicalID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        try await listOwned(context: context, parents: parents, known: [:])
    }

    public func listOwned(context: DriverContext, parents: [LiveResource], known: [String: LiveResource]) async throws
        -> [LiveResource]
    {
        let alarms = try await withResourceContext(kind: kind, name: "*", action: "list") { try await describe([:]) }
        // Tags cost a call per alarm: only alarms this plan has not read yet need one.
        let reused = alarms.compactMap { known[$0["AlarmName"].string ?? ""] }
        let unread = alarms.filter { known[$0["AlarmName"].string ?? ""] == nil }
        return try await (reused + withTags(unread, context: context)).filter { $0.ownerStack == context.stackName }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn)
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: "create", properties: p)
        var input = try putInput(a)
        input["Tags"] = Tags.toList(try a.stringMap("tags"))
        let name = try a.string("name")
        return try await withResourceContext(kind: kind, name: name, action: "create") {
            _ = try await client.call(.cloudwatch, "PutMetricAlarm", .map(input))
            return ["name": .string(name), "arn": .string(ARN.alarm(name, context))]
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let name = live.physicalID
        let a = PropertyAccess(kind: kind, name: name, action: "update", properties: p)
        let arn = live.attributes["arn"]?.stringValue ?? ARN.alarm(name, context)
        return try await withResourceContext(kind: kind, name: name, action: "update") {
            // PutMetricAlarm replaces the whole alarm (fields not given are cleared) and ignores
            // Tags on an existing alarm: send every field, and change tags separately.
            let configurationChanged = p.contains { key, value in key != "tags" && live.properties[key] != value }
            if configurationChanged {
                _ = try await client.call(.cloudwatch, "PutMetricAlarm", .map(try putInput(a)))
            }
            let tagChanges = Tags.changes(live: Tags.live(live),
                                          desired: try a.stringMap("tags"))
            if !tagChanges.set.isEmpty {
                _ = try await client.call(.cloudwatch, "TagResource",
                                          ["ResourceARN": .string(arn), "Tags": Tags.toList(tagChanges.set)])
            }
            if !tagChanges.remove.isEmpty {
                _ = try await client.call(.cloudwatch, "UntagResource",
                                          ["ResourceARN": .string(arn), "TagKeys": .list(tagChanges.remove.map { .string($0) })])
            }
            return ["name": .string(name), "arn": .string(arn)]
        }
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
            _ = try await nilIfNotFound {
                try await client.call(.cloudwatch, "DeleteAlarms", ["AlarmNames": [.string(live.physicalID)]])
            }
            return DeleteOutcome()
        }
    }

    // MARK: -

    private func putInput(_ a: PropertyAccess) throws -> [String: AWSValue] {
        var input: [String: AWSValue] = [
            "AlarmName": .string(try a.string("name")),
            "Namespace": .string(try a.string("metric_namespace")),
            "MetricName": .string(try a.string("metric_name")),
            "Statistic": .string(try a.string("statistic")),
            "Period": .integer(Int64(try a.int("period", default: 300))),
            "EvaluationPeriods": .integer(Int64(try a.int("evaluation_periods", default: 1))),
            "DatapointsToAlarm": .integer(Int64(try a.int("datapoints_to_alarm", default: 1))),
            "Threshold": .double(try a.optionalDouble("threshold") ?? 1),
            "ComparisonOperator": .string(try a.string("comparison_operator")),
            "TreatMissingData": .string(try a.string("treat_missing_data")),
            "ActionsEnabled": .bool(try a.bool("actions_enabled", default: true)),
            "AlarmActions": .list(try a.stringList("alarm_actions").map { .string($0) }),
            "OKActions": .list(try a.stringList("ok_actions").map { .string($0) }),
            "InsufficientDataActions": .list(try a.stringList("insufficient_data_actions").map { .string($0) }),
        ]
        if let description = try a.optionalString("description") { input["AlarmDescription"] = .string(description) }
        return input
    }

    private func describe(_ filter: [String: AWSValue]) async throws -> [AWSValue] {
        var input = filter
        input["AlarmTypes"] = ["MetricAlarm"]
        let pages = try await allPages(client, .cloudwatch, "DescribeAlarms", input, tokenIn: "NextToken", tokenOut: "NextToken")
        return pages.flatMap { $0["MetricAlarms"].list }
    }

    /// Alarms' tags come one alarm per call: fetched concurrently.
    private func withTags(_ alarms: [AWSValue], context: DriverContext) async throws -> [LiveResource] {
        try await concurrentMap(alarms, limit: options.concurrency) { alarm in
            let name = alarm["AlarmName"].string ?? ""
            let arn = alarm["AlarmArn"].string ?? ARN.alarm(name, context)
            return try await withResourceContext(kind: kind, name: name, action: "read") {
                let reply = try await nilIfNotFound {
                    try await client.call(.cloudwatch, "ListTagsForResource", ["ResourceARN": .string(arn)])
                }
                return live(alarm, arn: arn, tags: Tags.fromList(reply?["Tags"] ?? .null))
            }
        }
    }

    private func live(_ alarm: AWSValue, arn: String, tags: [String: String]) -> LiveResource {
        let name = alarm["AlarmName"].string ?? ""
        func string(_ key: String) -> Value { alarm[key].string.map(Value.string) ?? .null }
        func strings(_ key: String) -> Value { Normalize.unorderedList(.list(alarm[key].list.compactMap { $0.string.map(Value.string) })) }
        let evaluationPeriods = alarm["EvaluationPeriods"].int.map(Value.int) ?? .null
        let owner = Tags.owner(tags)
        return LiveResource(
            kind: kind, physicalID: name,
            properties: [
                "name": .string(name),
                "description": alarm["AlarmDescription"].string.flatMap { $0.isEmpty ? nil : Value.string($0) } ?? .null,
                "metric_namespace": string("Namespace"),
                "metric_name": string("MetricName"),
                "statistic": string("Statistic"),
                "period": alarm["Period"].int.map(Value.int) ?? .null,
                "evaluation_periods": evaluationPeriods,
                // Unset means "same as evaluation periods" (AWS's rule).
                "datapoints_to_alarm": alarm["DatapointsToAlarm"].int.map(Value.int) ?? evaluationPeriods,
                "threshold": Normalize.number(alarm["Threshold"].double),
                "comparison_operator": string("ComparisonOperator"),
                // Unset means "missing" (AWS's default).
                "treat_missing_data": alarm["TreatMissingData"].string.map(Value.string) ?? .string("missing"),
                "alarm_actions": strings("AlarmActions"),
                "ok_actions": strings("OKActions"),
                "insufficient_data_actions": strings("InsufficientDataActions"),
                "actions_enabled": .bool(alarm["ActionsEnabled"].bool ?? true),
                "tags": Tags.liveValue(tags),
            ],
            attributes: ["name": .string(name), "arn": .string(arn)],
            ownerStack: owner.stack, logicalID: owner.logicalID)
    }
}
