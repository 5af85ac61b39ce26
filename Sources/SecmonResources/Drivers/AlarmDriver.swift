import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `alarm`: a CloudWatch metric alarm on a single metric. Physical id: its name.
public struct AlarmDriver: KindMapping {
    public static let schema = KindSchema.alarm
    public static let service = AWSService.cloudwatch
    public static let mapping = PropertyMapping.table(
        ["PutMetricAlarm": ["name": "AlarmName", "description": "AlarmDescription", "metric_namespace": "Namespace",
                            "metric_name": "MetricName", "statistic": "Statistic", "period": "Period",
                            "evaluation_periods": "EvaluationPeriods", "datapoints_to_alarm": "DatapointsToAlarm",
                            "threshold": "Threshold", "comparison_operator": "ComparisonOperator",
                            "treat_missing_data": "TreatMissingData", "alarm_actions": "AlarmActions",
                            "ok_actions": "OKActions", "insufficient_data_actions": "InsufficientDataActions",
                            "actions_enabled": "ActionsEnabled", "tags": "Tags"]],
        notSent: ["metric_filter"])
    public let tagWriting: TagWriting? = TagWriting(add: "TagResource", remove: "UntagResource", resource: "ResourceARN")
    public static let taggingAPI: TaggingAPIScope? = TaggingAPIScope(service: "cloudwatch", resourcePrefix: "alarm:")
    public static let readsWithoutAccount = true
    public let client: any AWSCalling
    public var options = DriverOptions()

    /// DescribeAlarms takes at most this many names.
    static let namesPerDescribe = 100

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.alarm(name, context) }

    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        Set(ids).sorted().chunked(Self.namesPerDescribe).map { ReadGroup(label: $0.joined(separator: ", "), ids: $0) }
    }

    public func readGroup(_ names: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        // Filter again: an endpoint may ignore AlarmNames.
        let wanted = Set(names)
        let alarms = try await describe(["AlarmNames": .list(names.map { .string($0) })])
            .filter { wanted.contains($0["AlarmName"].string ?? "") }
        return try await withTags(alarms, context: context)
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        let alarms = try await describe([:])
        // Tags cost a call per alarm: only alarms this plan has not read yet need one.
        let reused = alarms.compactMap { known[$0["AlarmName"].string ?? ""] }
        let unread = alarms.filter { known[$0["AlarmName"].string ?? ""] == nil }
        return try await reused + withTags(unread, context: context)
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        var input = try putInput(a)
        input["Tags"] = Tags.toList(try a.stringMap("tags"))
        let name = try a.string("name")
        _ = try await client.call(.cloudwatch, "PutMetricAlarm", .map(input))
        return ["name": .string(name), "arn": .string(ARN.alarm(name, context))]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        // PutMetricAlarm replaces the whole alarm (fields not given are cleared) and ignores
        // Tags on an existing alarm: send every field; the skeleton changes tags separately.
        let configurationChanged = a.properties.contains { key, value in key != "tags" && live.properties[key] != value }
        if configurationChanged {
            _ = try await client.call(.cloudwatch, "PutMetricAlarm", .map(try putInput(a)))
        }
        return ["name": .string(live.physicalID), "arn": .string(tagTarget(live, context: context))]
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        _ = try await nilIfNotFound {
            try await client.call(.cloudwatch, "DeleteAlarms", ["AlarmNames": [.string(live.physicalID)]])
        }
        return DeleteOutcome()
    }

    // MARK: -

    /// Every setting, from the normalised properties (their defaults come from the schema).
    private func putInput(_ a: PropertyAccess) throws -> [String: AWSValue] {
        func actions(_ key: String) throws -> AWSValue { .list(try a.stringList(key).map { .string($0) }) }
        var input: [String: AWSValue] = [
            "AlarmName": .string(try a.string("name")),
            "Namespace": .string(try a.string("metric_namespace")),
            "MetricName": .string(try a.string("metric_name")),
            "Statistic": .string(try a.string("statistic")),
            "Period": .integer(Int64(try a.int("period"))),
            "EvaluationPeriods": .integer(Int64(try a.int("evaluation_periods"))),
            "DatapointsToAlarm": .integer(Int64(try a.int("datapoints_to_alarm"))),
            "Threshold": .double(try a.double("threshold")),
            "ComparisonOperator": .string(try a.string("comparison_operator")),
            "TreatMissingData": .string(try a.string("treat_missing_data")),
            "ActionsEnabled": .bool(try a.bool("actions_enabled")),
            "AlarmActions": try actions("alarm_actions"),
            "OKActions": try actions("ok_actions"),
            "InsufficientDataActions": try actions("insufficient_data_actions"),
        ]
        if let description = try a.optionalString("description") { input["AlarmDescription"] = .string(description) }
        return input
    }

    private func describe(_ filter: [String: AWSValue]) async throws -> [AWSValue] {
        var input = filter
        input["AlarmTypes"] = ["MetricAlarm"]
        return try await client.allPages(.cloudwatch, "DescribeAlarms", input, items: "MetricAlarms")
    }

    /// Alarms' tags: from the ownership index, else one alarm per call, fetched concurrently.
    private func withTags(_ alarms: [AWSValue], context: DriverContext) async throws -> [LiveResource] {
        try await concurrentMap(alarms, limit: options.concurrency) { alarm in
            let name = alarm["AlarmName"].string ?? ""
            let arn = alarm["AlarmArn"].string ?? ARN.alarm(name, context)
            return try await withResourceContext(kind: kind, name: name, action: "read") {
                let tags = try await tags(of: arn, context: context) {
                    let reply = try await nilIfNotFound {
                        try await client.call(.cloudwatch, "ListTagsForResource", ["ResourceARN": .string(arn)])
                    }
                    return Tags.fromList(reply?["Tags"] ?? .null)
                }
                return live(alarm, arn: arn, tags: tags ?? [:])
            }
        }
    }

    private func live(_ alarm: AWSValue, arn: String, tags: [String: String]) -> LiveResource {
        let name = alarm["AlarmName"].string ?? ""
        func strings(_ key: String) -> Value { Normalize.unorderedList(.list(alarm[key].list.compactMap { $0.string.map(Value.string) })) }
        let evaluationPeriods = alarm[int: "EvaluationPeriods"]
        return LiveResource(kind: kind, physicalID: name, tags: tags, properties: [
            "name": .string(name),
            "description": alarm[optional: "AlarmDescription"],
            "metric_namespace": alarm[string: "Namespace"],
            "metric_name": alarm[string: "MetricName"],
            "statistic": alarm[string: "Statistic"],
            "period": alarm[int: "Period"],
            "evaluation_periods": evaluationPeriods,
            // Unset means "same as evaluation periods" (AWS's rule).
            "datapoints_to_alarm": alarm["DatapointsToAlarm"].int.map(Value.int) ?? evaluationPeriods,
            "threshold": Normalize.number(alarm["Threshold"].double),
            "comparison_operator": alarm[string: "ComparisonOperator"],
            // Unset means "missing" (AWS's default).
            "treat_missing_data": alarm["TreatMissingData"].string.map(Value.string) ?? .string("missing"),
            "alarm_actions": strings("AlarmActions"),
            "ok_actions": strings("OKActions"),
            "insufficient_data_actions": strings("InsufficientDataActions"),
            "actions_enabled": .bool(alarm["ActionsEnabled"].bool ?? true),
        ], attributes: ["name": .string(name), "arn": .string(arn)])
    }
}
