import SecmonCore
import SecmonPlan
import SecmonResources

/// A driver over `FakeCloud` that behaves like the real ones in the ways the planner and
/// executor rely on: defaults filled by `normalize`, ownership tags, planned ARNs, batched
/// reads, children owned through a parent, AWS-assigned ids.
public struct FakeDriver: ResourceDriver {
    public let kind: String
    public let replaceOn: Set<String>
    public let cloud: FakeCloud
    public var defaults: [String: Value] = [:]
    public var taggable = true
    /// For a child kind: the property naming its parent (by physical id or ARN) and the parent's kind.
    public var parent: (kind: String, property: String)?
    public var ownerKind: String? { parent?.kind }
    /// Whether its reads may go out before the caller's identity is known.
    public var readsWithoutAccount = false
    /// Whether AWS assigns the physical id (then it is an ARN returned by create).
    public var assignsID = false
    /// Whether the ARN is only known after create.
    public var arnAfterCreate = false
    public var deleteNote: String?
    /// Suspension points inside create/update/delete, so concurrent steps overlap.
    public var yields = 0
    /// A kind whose names are global (an IAM role): one resource for every region.
    public var isGlobal = false
    /// Properties whose references need not exist to be written (`ResourceDriver.isValueOnly`).
    public var valueOnly: Set<String> = []
    public func isValueOnly(_ property: String) -> Bool { valueOnly.contains(property) }

    public init(kind: String, replaceOn: Set<String>, cloud: FakeCloud, defaults: [String: Value] = [:],
                taggable: Bool = true, parent: (kind: String, property: String)? = nil,
                readsWithoutAccount: Bool = false, assignsID: Bool = false,
                arnAfterCreate: Bool = false, deleteNote: String? = nil, yields: Int = 0, isGlobal: Bool = false) {
        self.kind = kind
        self.replaceOn = replaceOn
        self.cloud = cloud
        self.defaults = defaults
        self.taggable = taggable
        self.parent = parent
        self.readsWithoutAccount = readsWithoutAccount
        self.assignsID = assignsID
        self.arnAfterCreate = arnAfterCreate
        self.deleteNote = deleteNote
        self.yields = yields
        self.isGlobal = isGlobal
    }

    public func normalize(_ properties: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        var out = defaults.merging(properties) { _, given in given }
        if taggable {
            var tags = context.stackTags.mapValues(Value.string)
            for (k, v) in out["tags"]?.mapValue ?? [:] { tags[k] = v }
            tags["secmon:stack"] = .string(context.stackName)
            tags["secmon:id"] = .string(id)
            tags["secmon:region"] = .string(context.region)
            if let target = context.target { tags["secmon:target"] = .string(target) }
            for (k, v) in OwnershipTag.tags(for: ResourceLifecycle(value: properties[ResourceLifecycle.propertyKey])) {
                tags[k] = .string(v)
            }
            out["tags"] = .map(tags)
        }
        out[ResourceLifecycle.propertyKey] = nil
        return out
    }

    public func physicalID(of properties: [String: Value], context: DriverContext) -> String? {
        assignsID ? nil : properties["name"]?.stringValue
    }

    public func plannedAttributes(of properties: [String: Value], context: DriverContext) -> [String: Value] {
        guard !assignsID, let name = properties["name"]?.stringValue else { return ["arn": .unknown] }
        return ["name": .string(name), "arn": arnAfterCreate ? .unknown : .string(arn(name, context))]
    }

    public func arn(_ name: String, _ context: DriverContext) -> String {
        "arn:\(context.partition):fake:\(context.region):\(context.accountID):\(kind)/\(name)"
    }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource] {
        await cloud.record("read \(kind) \(physicalIDs.joined(separator: ","))")
        try await cloud.failIfAsked("read \(kind)")
        for _ in 0..<yields { await Task.yield() }
        if Task.isCancelled { await cloud.noteCancelled("read \(kind)") }
        var out: [String: LiveResource] = [:]
        for id in physicalIDs {
            if let live = await withOwner(await cloud.get(kind, id)) { out[id] = live }
        }
        return out
    }

    public func listOwned(context: DriverContext, parents: [LiveResource], known: [String: LiveResource]) async throws
        -> [LiveResource] {
        await cloud.recordList(kind, parents: parents)
        try await cloud.failIfAsked("list \(kind)")
        var out: [LiveResource] = []
        for candidate in await cloud.all(kind) {
            guard let live = await withOwner(candidate), context.owns(live) else { continue }
            if let parent {
                // Found only through a parent we were given, as a real child kind is.
                let parentRef = live.properties[parent.property]?.stringValue
                guard parents.contains(where: { $0.kind == parent.kind
                    && ($0.physicalID == parentRef || $0.attributes["arn"]?.stringValue == parentRef) }) else { continue }
            }
            out.append(live)
        }
        return out
    }

    /// The diff production runs (the skeleton every real kind shares).
    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn)
    }

    /// Ownership as AWS would show it: from tags, or through the parent.
    private func withOwner(_ live: LiveResource?) async -> LiveResource? {
        guard var live else { return nil }
        if let parent {
            let parentRef = live.properties[parent.property]?.stringValue
            var owner: LiveResource?
            if let parentRef { owner = await cloud.get(parent.kind, parentRef) }
            if owner == nil { owner = await cloud.all(parent.kind).first { $0.attributes["arn"]?.stringValue == parentRef } }
            live.ownerStack = owner?.properties["tags"]?["secmon:stack"]?.stringValue
        } else {
            live.ownerStack = live.properties["tags"]?["secmon:stack"]?.stringValue
            live.logicalID = live.properties["tags"]?["secmon:id"]?.stringValue
            live.ownerRegion = live.properties["tags"]?["secmon:region"]?.stringValue
            live.ownerTarget = live.properties["tags"]?["secmon:target"]?.stringValue
            live.lifecycle = OwnershipTag.lifecycle(in: (live.properties["tags"]?.mapValue ?? [:]).compactMapValues(\.stringValue))
        }
        return live
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        try await cloud.begin("create \(kind) \(id)")
        for _ in 0..<yields { await Task.yield() }
        let physicalID: String
        if assignsID {
            physicalID = "arn:\(context.partition):fake:\(context.region):\(context.accountID):\(kind)/\(await cloud.nextNumber())"
        } else {
            physicalID = properties["name"]?.stringValue ?? ""
        }
        let attributes: [String: Value] = assignsID
            ? ["arn": .string(physicalID)]
            : ["name": .string(physicalID), "arn": .string(arn(physicalID, context))]
        let stored = properties.filter { $0.value != .sensitive }
        await cloud.put(LiveResource(kind: kind, physicalID: physicalID, properties: stored, attributes: attributes,
                                     ownerStack: nil))
        await cloud.end()
        return attributes
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                context: DriverContext) async throws -> [String: Value] {
        try await cloud.begin("update \(kind) \(id)")
        for _ in 0..<yields { await Task.yield() }
        var updated = live
        for change in changes {
            // A change inside a map (`tags.secmon:protect`) is to one of its keys.
            let parts = change.path.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2, var map = updated.properties[parts[0]]?.mapValue {
                map[parts[1]] = change.new
                updated.properties[parts[0]] = .map(map)
            } else {
                updated.properties[change.path] = change.new
            }
        }
        await cloud.put(updated)
        await cloud.end()
        return live.attributes
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        try await cloud.begin("delete \(kind) \(live.physicalID)")
        for _ in 0..<yields { await Task.yield() }
        await cloud.remove(kind: kind, physicalID: live.physicalID)
        await cloud.end()
        return DeleteOutcome(note: deleteNote)
    }

    /// Removes the secmon tags, as the generic driver does.
    public func release(_ live: LiveResource, context: DriverContext) async throws {
        try await cloud.begin("release \(kind) \(live.physicalID)")
        if var stored = await cloud.get(kind, live.physicalID), var tags = stored.properties["tags"]?.mapValue {
            for key in tags.keys where key.hasPrefix(OwnershipTag.prefix) { tags[key] = nil }
            stored.properties["tags"] = .map(tags)
            await cloud.put(stored)
        }
        await cloud.end()
    }
}
