import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `event_rule`: an EventBridge rule on the default event bus. Physical id: its name (the ARN
/// follows from it). `event_pattern` is compared as canonical JSON (keys sorted, no
/// whitespace), so AWS's spelling of the same pattern is no change.
///
/// Read by name (DescribeRule answers with the ARN), so before the caller's account is known;
/// its tags come from the plan's ownership index when it lists the rule (no call; the Resource
/// Groups Tagging API covers `events:rule`), else from ListTagsForResource. The orphan search
/// lists every rule (ListRules), asked for beside the first read so that it waits for nothing:
/// the local endpoint's GetResources leaves rules out, so the index cannot be the only list.
public struct EventRuleDriver: KindMapping {
    public static let schema = KindSchema.eventRule
    public static let service = AWSService.events
    public static let mapping = PropertyMapping.table(
        ["PutRule": ["name": "Name", "description": "Description", "event_pattern": "EventPattern", "state": "State",
                     "tags": "Tags"]])
    public let tagWriting: TagWriting? = TagWriting(add: "TagResource", remove: "UntagResource", resource: "ResourceARN")
    public static let readsWithoutAccount = true
    public let client: any AWSCalling
    public var options = DriverOptions()

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.eventRule(name, context) }

    public func derive(_ p: inout [String: Value], from given: [String: Value], context: DriverContext) {
        if let text = p["event_pattern"]?.stringValue { p["event_pattern"] = .string(Self.canonicalPattern(text)) }
    }

    public func readOne(_ name: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? {
        // The orphan search's listing, asked for now: it needs nothing this read finds.
        let client = client
        prefetchOncePerPlan(Self.listingKey) { try await Self.listRules(client) }
        let reply = try await nilIfNotFound { try await client.call(.events, "DescribeRule", ["Name": .string(name)]) }
        guard let reply else { return nil }
        return try await live(reply, context: context)
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        let client = client
        let rules = try await oncePerPlan(Self.listingKey) { try await Self.listRules(client) }.list
            .filter { $0["ManagedBy"].string == nil }
        return try await concurrentMap(rules, limit: options.concurrency) { rule in
            if let seen = known[rule["Name"].string ?? ""] { return seen }
            return try await live(rule, context: context)
        }
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        var input = try putInput(a)
        input["Tags"] = Tags.toList(try a.stringMap("tags"))
        let reply = try await client.call(.events, "PutRule", .map(input))
        let name = try a.string("name")
        return ["name": .string(name), "arn": .string(reply["RuleArn"].string ?? ARN.eventRule(name, context))]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        // PutRule replaces the rule's settings (what is left out is cleared) and leaves its tags
        // alone: send every setting; the skeleton writes tag changes.
        if a.properties.contains(where: { key, value in key != "tags" && live.properties[key] != value }) {
            _ = try await client.call(.events, "PutRule", .map(try putInput(a)))
        }
        return ["name": .string(live.physicalID), "arn": .string(tagTarget(live, context: context))]
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        // DeleteRule refuses a rule that still has targets (ValidationException). The stack's
        // own are deleted first (they depend on the rule), so it usually has none and goes in
        // one call; any others are removed, then the rule.
        let rule = AWSValue.string(live.physicalID)
        do {
            _ = try await nilIfNotFound { try await client.call(.events, "DeleteRule", ["Name": rule]) }
            return DeleteOutcome()
        } catch let error as AWSError where error.isService("ValidationException") {}
        let targets = try await nilIfNotFound {
            try await client.allPages(.events, "ListTargetsByRule", ["Rule": rule], items: "Targets")
        } ?? []
        let ids = targets.compactMap { $0["Id"].string }
        if !ids.isEmpty {
            _ = try await nilIfNotFound {
                try await client.call(.events, "RemoveTargets", ["Rule": rule, "Ids": .list(ids.map(AWSValue.string))])
            }
        }
        _ = try await nilIfNotFound { try await client.call(.events, "DeleteRule", ["Name": rule]) }
        return DeleteOutcome()
    }

    // MARK: -

    /// The key of the plan's rule listing (`PlanListings`).
    static let listingKey = "ListRules"

    /// Every rule of the default event bus, as one list value.
    static func listRules(_ client: any AWSCalling) async throws -> AWSValue {
        .list(try await client.allPages(.events, "ListRules", [:], items: "Rules"))
    }

    /// An event pattern as compact JSON with sorted keys; text that is not JSON unchanged.
    static func canonicalPattern(_ text: String) -> String { PolicyDocument.canonicalJSON(text) ?? text }

    /// A rule's tags; nil when the rule does not exist.
    static func tags(of arn: String, client: any AWSCalling) async throws -> [String: String]? {
        let reply = try await nilIfNotFound {
            try await client.call(.events, "ListTagsForResource", ["ResourceARN": .string(arn)])
        }
        return reply.map { Tags.fromList($0["Tags"]) }
    }

    private func putInput(_ a: PropertyAccess) throws -> [String: AWSValue] {
        var input: [String: AWSValue] = [
            "Name": .string(try a.string("name")),
            "EventPattern": .string(try a.string("event_pattern")),
            "State": .string(try a.string("state")),
        ]
        if let description = try a.optionalString("description"), !description.isEmpty {
            input["Description"] = .string(description)
        }
        return input
    }

    /// A rule from DescribeRule or a ListRules entry (the same members), with its tags.
    private func live(_ rule: AWSValue, context: DriverContext) async throws -> LiveResource {
        let name = rule["Name"].string ?? ""
        let arn = rule["Arn"].string ?? ARN.eventRule(name, context)
        let client = client
        let found = try await withResourceContext(kind: kind, name: name, action: "read") {
            try await tags(of: arn, context: context) { try await Self.tags(of: arn, client: client) }
        }
        return LiveResource(kind: kind, physicalID: name, tags: found ?? [:], properties: [
            "name": .string(name),
            "description": .string(rule["Description"].string ?? ""),
            "event_pattern": rule["EventPattern"].string.map { .string(Self.canonicalPattern($0)) } ?? .null,
            "state": rule[string: "State"],
        ], attributes: ["name": .string(name), "arn": .string(arn)])
    }
}
