import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `metric_filter`: a CloudWatch Logs metric filter with one metric transformation.
///
/// Physical id: `<log group name>:<filter name>` (neither may contain ':'), since a filter's
/// name is only unique within its log group. No tags: a filter is owned by the stack that owns
/// its log group; `read` takes the log group's owner from the plan's ownership index (or its
/// tags) and lists the group's filters once, and `listOwned` reuses that listing for the owned
/// log groups found in `parents` (or one walk of every filter, for a stack with many groups).
public struct MetricFilterDriver: PutKindMapping {
    public static let schema = KindSchema.metricFilter
    public static let service = AWSService.logs
    public static let mapping = PropertyMapping.table(
        ["PutMetricFilter": ["name": "filterName", "log_group": "logGroupName", "pattern": "filterPattern",
                             "metric_namespace": "metricTransformations.metricNamespace",
                             "metric_name": "metricTransformations.metricName",
                             "metric_value": "metricTransformations.metricValue",
                             "default_value": "metricTransformations.defaultValue",
                             "unit": "metricTransformations.unit"]])
    public static let ownedThrough: String? = "log_group"
    public let client: any AWSCalling
    public var options = DriverOptions()

    /// Splits a physical id into log group name and filter name.
    public static func parse(physicalID: String) -> (logGroup: String, name: String)? {
        guard let colon = physicalID.firstIndex(of: ":") else { return nil }
        return (String(physicalID[..<colon]), String(physicalID[physicalID.index(after: colon)...]))
    }

    public static func physicalID(logGroup: String, name: String) -> String { "\(logGroup):\(name)" }

    static let maxDeleteRounds = 5

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        guard let group = p["log_group"]?.stringValue, let name = p["name"]?.stringValue else { return nil }
        return Self.physicalID(logGroup: group, name: name)
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        ["name": p["name"] ?? .unknown, "metric_namespace": p["metric_namespace"] ?? .unknown,
         "metric_name": p["metric_name"] ?? .unknown]
    }

    /// One group per log group: its filters are listed together, with its tags (the owner).
    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        ReadGroup.byParent(ids) { Self.parse(physicalID: $0)?.logGroup }
    }

    public func readGroup(_ ids: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        let parsed = ids.compactMap { Self.parse(physicalID: $0) }
        guard let group = parsed.first?.logGroup else { return [] }
        let names = Set(parsed.map(\.name))
        // The group's whole listing, which the orphan search reuses (`listedChildren`).
        let arn = ARN.logGroup(group, context)
        let (found, owner) = try await concurrently(
            { try await listedChildren(in: group, context: context) },
            { try await parentOwner(arn, context: context) { try await LogGroupDriver.tags(of: arn, client: client) } })
        // A name is unique in its group on AWS; moto 5.2.1 keeps a duplicate on PutMetricFilter
        // instead of replacing. The last one listed is the latest put.
        var latest: [String: LiveResource] = [:]
        for var filter in found where names.contains(filter.properties["name"]?.stringValue ?? "") {
            filter.ownedThroughParent(owner)
            latest[filter.physicalID] = filter
        }
        return latest.keys.sorted().compactMap { latest[$0] }
    }

    public func children(in group: String, owner: String?, context: DriverContext) async throws -> [LiveResource] {
        try await filters(in: group, prefix: nil).map { live($0, logGroup: group, owner: owner) }
    }

    /// Every filter of the account, by log group: DescribeMetricFilters without a group, 50 a page.
    public func walkChildren(context: DriverContext) async throws -> [String: [LiveResource]]? {
        let filters = try await client.allPages(.logs, "DescribeMetricFilters", [:], items: "metricFilters")
        return byParent(filters, parentMember: "logGroupName") { live($0, logGroup: $1, owner: nil) }
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        guard let (group, name) = Self.parse(physicalID: live.physicalID) else { return DeleteOutcome() }
        // Deleted until no filter of that name is listed (an endpoint that kept duplicates
        // deletes one per call); bounded, since AWS needs exactly one.
        for _ in 0 ..< Self.maxDeleteRounds {
            _ = try await nilIfNotFound {
                try await client.call(.logs, "DeleteMetricFilter", ["logGroupName": .string(group), "filterName": .string(name)])
            }
            let left = try await filters(in: group, prefix: name).filter { $0["filterName"].string == name }
            if left.isEmpty { break }
        }
        return DeleteOutcome()
    }

    // MARK: -

    /// PutMetricFilter creates and replaces alike.
    public func put(_ a: PropertyAccess) async throws -> [String: Value] {
        let name = try a.string("name"), group = try a.string("log_group")
        var transformation: [String: AWSValue] = [
            "metricName": .string(try a.string("metric_name")),
            "metricNamespace": .string(try a.string("metric_namespace")),
            "metricValue": .string(try a.string("metric_value")),
        ]
        if let value = try a.optionalDouble("default_value") { transformation["defaultValue"] = .double(value) }
        if let unit = try a.optionalString("unit") { transformation["unit"] = .string(unit) }
        _ = try await client.call(.logs, "PutMetricFilter", [
            "logGroupName": .string(group), "filterName": .string(name),
            "filterPattern": .string(try a.optionalString("pattern") ?? ""),
            "metricTransformations": [.map(transformation)],
        ])
        return ["name": .string(name), "metric_namespace": .string(try a.string("metric_namespace")),
                "metric_name": .string(try a.string("metric_name"))]
    }

    private func filters(in group: String, prefix: String?) async throws -> [AWSValue] {
        var input: [String: AWSValue] = ["logGroupName": .string(group)]
        if let prefix { input["filterNamePrefix"] = .string(prefix) }
        let filters = try await nilIfNotFound {
            try await client.allPages(.logs, "DescribeMetricFilters", input, items: "metricFilters")
        }
        // Filter again: an endpoint may ignore the group or prefix filter.
        return (filters ?? []).filter { $0["logGroupName"].string.map { $0 == group } ?? true }
    }

    private func live(_ filter: AWSValue, logGroup: String, owner: String?) -> LiveResource {
        let name = filter["filterName"].string ?? ""
        let t = filter["metricTransformations"][0]
        let namespace = t[string: "metricNamespace"], metric = t[string: "metricName"]
        return LiveResource(
            kind: kind, physicalID: Self.physicalID(logGroup: logGroup, name: name),
            properties: [
                "name": .string(name),
                "log_group": .string(logGroup),
                "pattern": .string(filter["filterPattern"].string ?? ""),
                "metric_namespace": namespace,
                "metric_name": metric,
                "metric_value": t[string: "metricValue"],
                "default_value": Normalize.number(t["defaultValue"].double),
                "unit": t[optional: "unit"],
            ],
            attributes: ["name": .string(name), "metric_namespace": namespace, "metric_name": metric],
            ownerStack: owner, logicalID: nil)
    }
}
