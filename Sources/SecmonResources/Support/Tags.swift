import AWSClient
import SecmonCore
import SecmonPlan

/// Tag keys secmon writes itself. Users may not set `secmon:` or `aws:` keys (the stack
/// language enforces that), so these cannot collide with theirs.
public enum OwnershipTag {
    /// The stack that owns the resource.
    public static let stack = "secmon:stack"
    /// The logical id the resource was created for.
    public static let logicalID = "secmon:id"
    /// The region whose plans manage the resource: a plan in another region never changes or
    /// deletes it (for a global resource, unless it is shared across regions, it refuses).
    public static let region = "secmon:region"
    /// The target of the stack (`targets:`) whose plans manage the resource; absent for a
    /// stack without targets. No other target changes or deletes it.
    public static let target = "secmon:target"
    /// The secret's value version, so it can be compared without reading the value.
    public static let valueVersion = "secmon:value-version"
    /// `lifecycle: retain`, recorded so that removing the resource from the stack releases it.
    public static let retain = "secmon:retain"
    /// `lifecycle: protect`, recorded so that removing the resource from the stack is refused.
    public static let protect = "secmon:protect"
    /// Every tag secmon writes starts with it; releasing a resource removes them all.
    public static let prefix = "secmon:"

    /// The tags recording `lifecycle` (none for the default).
    public static func tags(for lifecycle: ResourceLifecycle) -> [String: String] {
        var tags: [String: String] = [:]
        if lifecycle.retain { tags[retain] = "true" }
        if lifecycle.protect { tags[protect] = "true" }
        return tags
    }

    /// The lifecycle controls the tags record; nil when they record none.
    public static func lifecycle(in tags: [String: String]) -> ResourceLifecycle? {
        let lifecycle = ResourceLifecycle(retain: tags[retain] == "true", protect: tags[protect] == "true")
        return lifecycle.isEmpty ? nil : lifecycle
    }

    /// What releasing a resource removes: every secmon tag it carries.
    public static func released(_ tags: [String: String]) -> [String] {
        tags.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

enum Tags {
    /// The tags a resource should carry: stack-wide tags, then its own (which win), then the
    /// ownership tags and those recording its lifecycle controls (`lifecycle`, as the planner
    /// passes it), as a map of values (references may still be unresolved).
    static func desired(_ own: Value?, id: String, lifecycle: Value? = nil, context: DriverContext) -> Value {
        var tags: [String: Value] = context.stackTags.mapValues { .string($0) }
        if case .map(let map)? = own {
            for (key, value) in map { tags[key] = value }
        }
        tags[OwnershipTag.stack] = .string(context.stackName)
        tags[OwnershipTag.logicalID] = .string(id)
        tags[OwnershipTag.region] = .string(context.region)
        if let target = context.target { tags[OwnershipTag.target] = .string(target) }
        if let lifecycle {
            for (key, value) in OwnershipTag.tags(for: ResourceLifecycle(value: lifecycle)) { tags[key] = .string(value) }
        }
        return .map(tags)
    }

    /// Live tags as a property value. `aws:` tags are AWS's own and not the stack's business.
    static func liveValue(_ tags: [String: String], excluding: Set<String> = []) -> Value {
        var out: [String: Value] = [:]
        for (key, value) in tags where !key.hasPrefix("aws:") && !excluding.contains(key) {
            out[key] = .string(value)
        }
        return .map(out)
    }

    /// Reads a `[{Key, Value}]` list (most services' shape).
    static func fromList(_ list: AWSValue, key: String = "Key", value: String = "Value") -> [String: String] {
        var out: [String: String] = [:]
        for entry in list.list {
            if let k = entry[key].string { out[k] = entry[value].string ?? "" }
        }
        return out
    }

    /// Writes a `[{Key, Value}]` list, sorted by key so requests are deterministic.
    static func toList(_ tags: [String: String], key: String = "Key", value: String = "Value") -> AWSValue {
        .list(tags.keys.sorted().map { .map([key: .string($0), value: .string(tags[$0] ?? "")]) })
    }

    /// A `{key: value}` map (the logs service's shape).
    static func toMap(_ tags: [String: String]) -> AWSValue {
        .map(tags.mapValues { .string($0) })
    }

    /// A live resource's tags (its normalised `tags` property) as plain strings.
    static func live(_ resource: LiveResource) -> [String: String] {
        (resource.properties["tags"]?.mapValue ?? [:]).compactMapValues(\.interpolated)
    }

    /// Who owns a resource, from its tags.
    static func owner(_ tags: [String: String]) -> (stack: String?, logicalID: String?, region: String?, target: String?) {
        (tags[OwnershipTag.stack], tags[OwnershipTag.logicalID], tags[OwnershipTag.region], tags[OwnershipTag.target])
    }

    /// What to write and what to remove to go from `live` to `desired`. AWS's own `aws:` tags
    /// are never removed.
    static func changes(live: [String: String], desired: [String: String]) -> (set: [String: String], remove: [String]) {
        let set = desired.filter { live[$0.key] != $0.value }
        let remove = live.keys.filter { desired[$0] == nil && !$0.hasPrefix("aws:") }.sorted()
        return (set, remove)
    }
}

extension LiveResource {
    /// A live resource whose owner and logical id come from its `tags` (also its `tags`
    /// property, without AWS's own and without `excluding`).
    init(kind: String, physicalID: String, tags: [String: String], excluding: Set<String> = [],
         properties: [String: Value], attributes: [String: Value]) {
        var properties = properties
        properties["tags"] = Tags.liveValue(tags, excluding: excluding)
        let owner = Tags.owner(tags)
        self.init(kind: kind, physicalID: physicalID, properties: properties, attributes: attributes,
                  ownerStack: owner.stack, logicalID: owner.logicalID, ownerRegion: owner.region,
                  lifecycle: OwnershipTag.lifecycle(in: tags), ownerTarget: owner.target)
    }
}

extension LiveResource {
    /// A child's owner (a metric filter's, a subscription's, an event target's) is its
    /// parent's: the stack, region and target its parent's tags name.
    mutating func ownedThroughParent(_ parentTags: [String: String]?) {
        let owner = Tags.owner(parentTags ?? [:])
        ownerStack = owner.stack
        ownerRegion = owner.region
        ownerTarget = owner.target
    }
}
