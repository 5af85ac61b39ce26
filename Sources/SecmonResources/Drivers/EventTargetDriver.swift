import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `event_target`: one target of an EventBridge rule. No tags: it is owned by the stack that
/// owns its rule (`readGroup` lists the rule's targets once per plan, shared with the orphan
/// search, and takes the rule's owner from the plan's ownership index or its tags; `listOwned`
/// reuses that listing for the owned rules). Physical id: `<rule name>|<target id>`.
/// PutTargets with the same id replaces a target, so an update is the create call again.
public struct EventTargetDriver: PutKindMapping {
    public static let schema = KindSchema.eventTarget
    public static let service = AWSService.events
    public static let mapping = PropertyMapping.table(
        ["PutTargets": ["rule": "Rule", "target_id": "Targets.Id", "arn": "Targets.Arn",
                        "input_paths": "Targets.InputTransformer.InputPathsMap",
                        "input_template": "Targets.InputTransformer.InputTemplate"]])
    public static let ownedThrough: String? = "event_rule"
    public let client: any AWSCalling
    public var options = DriverOptions()

    public static func physicalID(rule: String, targetID: String) -> String { "\(rule)|\(targetID)" }

    /// Splits a physical id (a rule name never contains '|').
    public static func parse(physicalID: String) -> (rule: String, targetID: String)? {
        let parts = physicalID.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        guard let rule = p["rule"]?.stringValue, let id = p["target_id"]?.stringValue else { return nil }
        return Self.physicalID(rule: rule, targetID: id)
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        ["target_id": p["target_id"] ?? .unknown]
    }

    /// One group per rule: its targets are listed together, with its tags (the owner).
    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        ReadGroup.byParent(ids) { Self.parse(physicalID: $0)?.rule }
    }

    public func readGroup(_ ids: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        guard let rule = ids.first.flatMap({ Self.parse(physicalID: $0)?.rule }) else { return [] }
        let wanted = Set(ids)
        let arn = ARN.eventRule(rule, context), client = client
        let (listed, owner) = try await concurrently(
            { try await listedChildren(in: rule, context: context) },
            { try await parentOwner(arn, context: context) { try await EventRuleDriver.tags(of: arn, client: client) } })
        return listed.filter { wanted.contains($0.physicalID) }.map { target in
            var target = target
            target.ownedThroughParent(owner)
            return target
        }
    }

    /// A rule's targets; none when the rule does not exist.
    public func children(in rule: String, owner: String?, context: DriverContext) async throws -> [LiveResource] {
        let listed = try await nilIfNotFound {
            try await client.allPages(.events, "ListTargetsByRule", ["Rule": .string(rule)], items: "Targets")
        }
        return (listed ?? []).map { live($0, rule: rule, owner: owner) }
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        guard let (rule, id) = Self.parse(physicalID: live.physicalID) else { return DeleteOutcome() }
        let reply = try await nilIfNotFound {
            try await client.call(.events, "RemoveTargets", ["Rule": .string(rule), "Ids": [.string(id)]])
        }
        try Self.checkEntries(reply, kind: kind, name: live.physicalID, action: "delete")
        return DeleteOutcome()
    }

    // MARK: -

    public func put(_ a: PropertyAccess) async throws -> [String: Value] {
        let id = try a.string("target_id")
        var target: [String: AWSValue] = ["Id": .string(id), "Arn": .string(try a.string("arn"))]
        if let template = try a.optionalString("input_template") {
            var transformer: [String: AWSValue] = ["InputTemplate": .string(template)]
            let paths = try a.stringMap("input_paths")
            if !paths.isEmpty { transformer["InputPathsMap"] = .map(paths.mapValues(AWSValue.string)) }
            target["InputTransformer"] = .map(transformer)
        }
        let reply = try await client.call(.events, "PutTargets", ["Rule": .string(try a.string("rule")), "Targets": [.map(target)]])
        try Self.checkEntries(reply, kind: kind, name: a.name, action: a.action)
        return ["target_id": .string(id)]
    }

    /// PutTargets and RemoveTargets answer 200 with the entries they could not write.
    static func checkEntries(_ reply: AWSValue?, kind: String, name: String, action: String) throws {
        guard let reply, (reply["FailedEntryCount"].int ?? 0) > 0 else { return }
        let entry = reply["FailedEntries"][0]
        throw ResourceError(kind: kind, name: name, action: action,
                            message: "EventBridge refused the target: \(entry["ErrorCode"].string ?? "error") \(entry["ErrorMessage"].string ?? "")")
    }

    private func live(_ target: AWSValue, rule: String, owner: String?) -> LiveResource {
        let id = target["Id"].string ?? ""
        let transformer = target["InputTransformer"]
        var paths: Value = .null
        if case .map(let map) = transformer["InputPathsMap"], !map.isEmpty {
            paths = .map(map.compactMapValues { $0.string.map(Value.string) })
        }
        return LiveResource(
            kind: kind, physicalID: Self.physicalID(rule: rule, targetID: id),
            properties: ["rule": .string(rule), "target_id": .string(id), "arn": target[string: "Arn"],
                         "input_paths": paths, "input_template": transformer[string: "InputTemplate"]],
            attributes: ["target_id": .string(id)], ownerStack: owner, logicalID: nil)
    }
}
