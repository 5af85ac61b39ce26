import AWSClient
import SecmonCore
import SecmonPlan

/// `metric_filter`: a CloudWatch Logs metric filter with one metric transformation.
///
/// Physical id: `<log group name>:<filter name>` (neither may contain ':'), since a filter's
/// name is only unique within its log group. No tags: a filter is owned by the stack that owns
/// its log group; `read` fetches the log group's tags alongside the filters, and `listOwned`
/// lists the filters of the owned log groups found in `parents`.
public struct MetricFilterDriver: ResourceDriver {
    public let kind = "metric_filter"
    public let replaceOn: Set<String> = ["name", "log_group"]
    let client: any AWSCalling
    let options: DriverOptions

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

    /// Splits a physical id into log group name and filter name.
    public static func parse(physicalID: String) -> (logGroup: String, name: String)? {
        guard let colon = physicalID.firstIndex(of: ":") else { return nil }
        return (String(physicalID[..<colon]), String(physicalID[physicalID.index(after: colon)...]))
    }

    public static func physicalID(logGroup: String, name: String) -> String { "\(logGroup):\(name)" }

    static let maxDeleteRounds = 5

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        // `tests` belongs to the alerts module and is not part of the AWS resource.
        [
            "name": Normalize.string(p["name"]),
            "log_group": Normalize.string(p["log_group"]),
            "pattern": Normalize.string(p["pattern"], default: .string("")),
            "metric_namespace": Normalize.string(p["metric_namespace"]),
            "metric_name": Normalize.string(p["metric_name"]),
            "metric_value": Normalize.string(p["metric_value"], default: .string("1")),
            "default_value": Normalize.number(p["default_value"]),
            "unit": Normalize.optionalString(p["unit"]),
        ]
    }

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        guard let group = p["log_group"]?.stringValue, let name = p["name"]?.stringValue else { return nil }
        return Self.physicalID(logGroup: group, name: name)
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        ["name": p["name"] ?? .unknown, "metric_namespace": p["metric_namespace"] ?? .unknown,
         "metric_name": p["metric_name"] ?? .unknown]
    }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        var namesByGroup: [String: Set<String>] = [:]
        for id in physicalIDs {
            if let (group, name) = Self.parse(physicalID: id) { namesByGroup[group, default: []].insert(name) }
        }
        let groups = namesByGroup.sorted { $0.key < $1.key }.map { (group: $0.key, names: $0.value) }
        let perGroup = try await concurrentMap(groups, limit: options.concurrency) { group, names in
            try await withResourceContext(kind: kind, name: group, action: "read") {
                // One name: let the service narrow by prefix. Several: list the group's filters.
                let prefix = names.count == 1 ? names.first : nil
                let (found, tags) = try await concurrently(
                    { try await filters(in: group, prefix: prefix) },
                    { try await LogGroupDriver.tags(of: ARN.logGroup(group, context), client: client) })
                let owner = tags?[OwnershipTag.stack]
                return found.filter { names.contains($0["filterName"].string ?? "") }
                    .map { live($0, logGroup: group, owner: owner) }
            }
        }
        // A name is unique in its group on AWS; moto 5.2.1 keeps a duplicate on PutMetricFilter
        // instead of replacing. The last one listed is the latest put.
        return Dictionary(perGroup.flatMap { $0 }.map { ($0.physicalID, $0) }, uniquingKeysWith: { _, latest in latest })
    }

    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        let groups = parents.filter { $0.kind == "log_group" && $0.ownerStack == context.stackName }.map(\.physicalID)
        let perGroup = try await concurrentMap(groups, limit: options.concurrency) { group in
            try await withResourceContext(kind: kind, name: group, action: "list") {
                try await filters(in: group, prefix: nil).map { live($0, logGroup: group, owner: context.stackName) }
            }
        }
        return perGroup.flatMap { $0 }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn)
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        try await put(properties, id: id, action: "create", context: context)
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        try await put(properties, id: id, action: "update", context: context)
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        guard let (group, name) = Self.parse(physicalID: live.physicalID) else { return DeleteOutcome() }
        return try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
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
    }

    // MARK: -

    /// PutMetricFilter creates and replaces alike.
    private func put(_ properties: [String: Value], id: String, action: String, context: DriverContext) async throws
        -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: action, properties: p)
        let name = try a.string("name"), group = try a.string("log_group")
        var transformation: [String: AWSValue] = [
            "metricName": .string(try a.string("metric_name")),
            "metricNamespace": .string(try a.string("metric_namespace")),
            "metricValue": .string(try a.string("metric_value")),
        ]
        if let value = try a.optionalDouble("default_value") { transformation["defaultValue"] = .double(value) }
        if let unit = try a.optionalString("unit") { transformation["unit"] = .string(unit) }
        let input: AWSValue = [
            "logGroupName": .string(group), "filterName": .string(name),
            "filterPattern": .string(try a.optionalString("pattern") ?? ""),
            "metricTransformations": [.map(transformation)],
        ]
        return try await withResourceContext(kind: kind, name: Self.physicalID(logGroup: group, name: name), action: action) {
            _ = try await client.call(.logs, "PutMetricFilter", input)
            return ["name": .string(name), "metric_namespace": transformation["metricNamespace"].map(Self.value) ?? .null,
                    "metric_name": transformation["metricName"].map(Self.value) ?? .null]
        }
    }

    private static func value(_ v: AWSValue) -> Value { v.string.map(Value.string) ?? .null }

    private func filters(in group: String, prefix: String?) async throws -> [AWSValue] {
        var input: [String: AWSValue] = ["logGroupName": .string(group)]
        if let prefix { input["filterNamePrefix"] = .string(prefix) }
        let pages = try await nilIfNotFound {
            try await allPages(client, .logs, "DescribeMetricFilters", input, tokenIn: "nextToken", tokenOut: "nextToken")
        }
        // Filter again: an endpoint may ignore the group or prefix filter.
        return (pages ?? []).flatMap { $0["metricFilters"].list }.filter {
            $0["logGroupName"].string.map { $0 == group } ?? true
        }
    }

    private func live(_ filter: AWSValue, logGroup: String, owner: String?) -> LiveResource {
        let name = filter["filterName"].string ?? ""
        let t = filter["metricTransformations"][0]
        let namespace = t["metricNamespace"].string.map(Value.string) ?? .null
        let metric = t["metricName"].string.map(Value.string) ?? .null
        return LiveResource(
            kind: kind, physicalID: Self.physicalID(logGroup: logGroup, name: name),
            properties: [
                "name": .string(name),
                "log_group": .string(logGroup),
                "pattern": .string(filter["filterPattern"].string ?? ""),
                "metric_namespace": namespace,
                "metric_name": metric,
                "metric_value": t["metricValue"].string.map(Value.string) ?? .null,
                "default_value": Normalize.number(t["defaultValue"].double),
                "unit": t["unit"].string.flatMap { $0.isEmpty ? nil : Value.string($0) } ?? .null,
            ],
            attributes: ["name": .string(name), "metric_namespace": namespace, "metric_name": metric],
            ownerStack: owner, logicalID: nil)
    }
}
