import SecmonCore
import SecmonGraph

/// Identifies a live resource across kinds.
struct ResourceKey: Hashable, Sendable {
    var kind: String
    var physicalID: String
    init(_ live: LiveResource) { self.init(kind: live.kind, physicalID: live.physicalID) }
    init(kind: String, physicalID: String) {
        self.kind = kind
        self.physicalID = physicalID
    }
}

/// The planner's decisions over one snapshot of the account: matching desired resources to
/// live ones, ownership, actions, orphans and dependencies.
struct Decider {
    let planner: Planner
    let graph: DesiredGraph
    let expected: Planner.ExpectedIDs
    let snapshot: LiveSnapshot
    /// Everything found that this stack owns, in a stable order.
    private let owned: [LiveResource]
    private let ownedByKey: [ResourceKey: LiveResource]
    private let ownedByKind: [String: [LiveResource]]
    private var claimed: Set<ResourceKey> = []
    /// The physical ids the desired resources will have.
    private let wanted: Set<ResourceKey>

    private var context: DriverContext { planner.context }

    init(planner: Planner, graph: DesiredGraph, expected: Planner.ExpectedIDs, snapshot: LiveSnapshot) {
        self.planner = planner
        self.graph = graph
        self.expected = expected
        self.snapshot = snapshot
        var byKey: [ResourceKey: LiveResource] = [:]
        let context = planner.context
        for list in snapshot.owned.values { for live in list where context.owns(live) { byKey[ResourceKey(live)] = live } }
        // A `read` answer is as fresh as a listing's and is what a saved plan is checked against.
        for byID in snapshot.read.values { for live in byID.values where context.owns(live) { byKey[ResourceKey(live)] = live } }
        owned = byKey.values.sorted { ($0.kind, $0.physicalID) < ($1.kind, $1.physicalID) }
        ownedByKey = byKey
        ownedByKind = Dictionary(grouping: owned, by: \.kind)
        wanted = Set(expected.requests.flatMap { kind, byID in byID.keys.map { ResourceKey(kind: kind, physicalID: $0) } })
    }

    mutating func decide(order: [String]) throws -> [PlannedAction] {
        var actions: [PlannedAction] = []
        var attributes: [String: [String: Value]] = [:]
        var conflicts: [OwnershipConflict] = []
        var missing: [WatchedMissing] = []
        var shared: [SharedDifference] = []

        for id in order {
            guard let resource = graph.resources[id], let driver = planner.drivers[resource.kind] else { continue }
            let properties = resource.driverProperties(context.lookup(in: attributes))
            let normalized = driver.normalize(properties, id: id, context: context)
            let planned = driver.plannedAttributes(of: normalized, context: context)
            let match = self.match(resource, driver: driver, normalized: normalized)
            var action = PlannedAction(address: id, kind: resource.kind, action: .create,
                                       physicalID: expected.physicalID[id], properties: normalized,
                                       attributes: planned, dependencies: resource.dependencies.sorted(),
                                       observations: match.observations)
            action.valueOnlyDependencies = Self.valueOnlyDependencies(resource, driver: driver, written: normalized)
            if let current = match.current { claimed.insert(ResourceKey(current)) }
            if let previous = match.renamedFrom { claimed.insert(ResourceKey(previous)) }

            if resource.watched {
                // Read, never changed, whoever owns it; never an orphan either.
                guard let current = match.current else {
                    missing.append(WatchedMissing(resource: id, kind: resource.kind,
                                                  physicalID: expected.physicalID[id] ?? id, location: resource.location))
                    continue
                }
                if planner.options.mode == .apply {
                    action.action = .read
                    action.physicalID = current.physicalID
                    action.properties = [:]
                    action.attributes = current.attributes
                    action.live = current
                    action.dependencies = []
                    actions.append(action)
                }
                attributes[id] = current.attributes
                continue
            }

            if planner.options.mode == .destroy {
                // Only what this stack owns is deleted; the rest of the account is not its business.
                if let target = match.current ?? match.renamedFrom, context.owns(target),
                   !target.isPendingDeletion {
                    action.action = resource.lifecycle.union(target.lifecycle).retain ? .release : .delete
                    action.physicalID = target.physicalID
                    // Nothing is written: a reference by value orders no deletion, known or not.
                    action.valueOnlyDependencies = Self.valueOnlyDependencies(resource, driver: driver, written: [:])
                    action.properties = [:]
                    action.attributes = target.attributes
                    action.live = target
                    actions.append(action)
                }
                continue
            }

            if let previous = match.renamedFrom {
                // Made for this logical id under another physical id (e.g. a renamed trail).
                action.action = .replace
                action.replacementOrder = .createThenDelete
                action.live = previous
                action.changes = driver.diff(desired: normalized, live: previous)
            } else if let current = match.current {
                action.physicalID = current.physicalID
                action.live = current
                action.attributes = planned.merging(current.attributes) { _, live in live }
                action.changes = driver.diff(desired: normalized, live: current)
                let forced = action.changes.filter(\.forcesReplacement).map(\.path)
                if !context.owns(current) {
                    if current.ownerStack == context.stackName, driver.isGlobal, resource.sharedAcrossRegions,
                       current.ownerRegion != context.region {
                        // Shared on purpose and managed from the region that made it: read here.
                        let differing = Self.sharedDifferences(action.changes)
                        if !differing.isEmpty {
                            shared.append(SharedDifference(resource: id, kind: resource.kind, physicalID: current.physicalID,
                                                           ownerRegion: current.ownerRegion ?? "", paths: differing,
                                                           location: resource.location))
                        } else {
                            action.action = .read
                            action.sharedFromRegion = current.ownerRegion
                            action.properties = [:]
                            action.changes = []
                            action.attributes = current.attributes
                            action.dependencies = []
                            actions.append(action)
                        }
                        attributes[id] = current.attributes
                        continue
                    }
                    guard current.ownerStack == nil, planner.options.adopt else {
                        let ours = current.ownerStack == context.stackName
                        let otherTarget = ours && current.ownerTarget != nil && current.ownerTarget != context.target
                            ? current.ownerTarget : nil
                        let otherRegion = ours && otherTarget == nil ? current.ownerRegion : nil
                        conflicts.append(OwnershipConflict(resource: id, kind: resource.kind,
                                                           physicalID: current.physicalID,
                                                           owner: current.ownerStack, location: resource.location,
                                                           ownerRegion: otherRegion,
                                                           perRegionName: otherRegion.flatMap { _ in
                                                               Self.perRegionName(resource.properties["name"], stack: context.stackName)
                                                           },
                                                           ownerTarget: otherTarget, planHasTarget: context.target != nil))
                        attributes[id] = action.attributes
                        continue
                    }
                    if !forced.isEmpty {
                        throw PlanError.adoptionWouldReplace(resource: id, kind: resource.kind,
                                                             physicalID: current.physicalID, properties: forced)
                    }
                    action.action = .adopt
                } else if !forced.isEmpty {
                    action.action = .replace
                    // Same physical id: the old one must go first. Unknown new id: create first.
                    action.replacementOrder = expected.physicalID[id] == nil ? .createThenDelete : .deleteThenCreate
                    action.physicalID = expected.physicalID[id]
                    action.attributes = planned
                } else {
                    action.action = action.changes.isEmpty ? .noop : .update
                }
            }
            action.writeOnly = Self.writeOnlyValues(resource, action)
            attributes[id] = action.attributes
            actions.append(action)
        }
        if !missing.isEmpty { throw PlanError.watchedMissing(missing) }
        if !conflicts.isEmpty { throw PlanError.ownershipConflicts(conflicts) }
        if !shared.isEmpty { throw PlanError.sharedDiffers(shared) }

        actions += orphans(taken: Set(actions.map(\.address)))
        let refused = protectedDeletions(actions)
        if !refused.isEmpty { throw PlanError.protectedResources(refused) }
        addLiveDependencies(&actions)
        return actions
    }

    /// The actions that would delete or replace a protected resource: one the stack declares
    /// with `protect: true`, or whose live resource records it (the stack may no longer
    /// declare it, or may have just dropped the setting: lifting a protection takes an apply
    /// of its own before the deletion).
    func protectedDeletions(_ actions: [PlannedAction]) -> [ProtectedResource] {
        actions.compactMap { action in
            guard action.action == .delete || action.action == .replace else { return nil }
            let declared = graph.resources[action.address].flatMap { $0.kind == action.kind ? $0 : nil }
            let byStack = declared?.lifecycle.protect == true
            guard byStack || action.live?.lifecycle?.protect == true else { return nil }
            let reason: ProtectedResource.Reason
            if action.action == .replace {
                reason = .replaced(causes: action.replacementCauses)
            } else {
                reason = declared == nil ? .removedFromStack : .destroyed
            }
            return ProtectedResource(resource: action.address, kind: action.kind,
                                     physicalID: action.live?.physicalID ?? action.physicalID ?? action.address,
                                     reason: reason, declaredProtected: byStack,
                                     location: declared.map { $0.lifecycleLocation ?? $0.location } ?? nil)
        }
    }

    struct Match {
        /// The live resource the desired one is (same physical id, or found by logical id or
        /// identity when the physical id is AWS-assigned).
        var current: LiveResource?
        /// An owned resource made for this logical id under a different physical id.
        var renamedFrom: LiveResource?
        var observations: [Observation] = []
    }

    private func match(_ resource: DesiredResource, driver: any ResourceDriver,
                       normalized: [String: Value]) -> Match {
        var match = Match()
        // Only consulted when the physical id does not find the resource.
        func unclaimedOwned() -> [LiveResource] {
            (ownedByKind[resource.kind] ?? []).filter { !claimed.contains(ResourceKey($0)) }
        }
        if let physicalID = expected.physicalID[resource.id] {
            let key = ResourceKey(kind: resource.kind, physicalID: physicalID)
            var current = snapshot.read[resource.kind]?[physicalID] ?? ownedByKey[key]
            if current == nil, resource.watched {
                // Watched by ARN: the reader answers under the resource's own physical id.
                current = snapshot.read[resource.kind]?.values.first { $0.attributes["arn"] == .string(physicalID) }
            }
            match.current = current
            let hints = expected.requests[resource.kind]?[physicalID] ?? normalized
            match.observations.append(Observation(kind: resource.kind, physicalID: physicalID,
                                                  fingerprint: current?.fingerprint, hints: hints))
            if current == nil {
                // Not one another resource of the stack now wants by its physical id (a name
                // passed from one logical id to another).
                match.renamedFrom = unclaimedOwned().first { $0.logicalID == resource.id && !wanted.contains(ResourceKey($0)) }
            }
        } else {
            let candidates = unclaimedOwned()
            match.current = candidates.first { $0.logicalID == resource.id }
                ?? candidates.first { $0.logicalID == nil && Self.sameIdentity(driver.replaceOn, normalized, $0) }
        }
        for live in [match.renamedFrom, expected.physicalID[resource.id] == nil ? match.current : nil] {
            guard let live else { continue }
            match.observations.append(Observation(kind: live.kind, physicalID: live.physicalID,
                                                  fingerprint: live.fingerprint, hints: live.properties))
        }
        return match
    }

    /// Whether a live resource has exactly the desired values of every property that would
    /// force a replacement: for resources AWS names, that is what makes them the same one.
    static func sameIdentity(_ replaceOn: Set<String>, _ desired: [String: Value], _ live: LiveResource) -> Bool {
        let keys = replaceOn.filter { desired[$0] != nil }
        guard !keys.isEmpty else { return false }
        return keys.allSatisfy { key in
            guard let want = desired[key], want.isFullyKnown else { return false }
            return live.properties[key] == want
        }
    }

    /// What the action does with each write-only value: written on create and replace, and by an
    /// update when its version property changes; kept otherwise, and always on adoption (adopting
    /// must never overwrite what is there: bump the version after adopting to write it).
    static func writeOnlyValues(_ resource: DesiredResource, _ action: PlannedAction) -> [String: WriteOnlyValue]? {
        guard !resource.writeOnlyVersions.isEmpty else { return nil }
        let changed = Set(action.changes.map(\.path))
        var values: [String: WriteOnlyValue] = [:]
        for (property, version) in resource.writeOnlyVersions {
            if (action.properties[property] ?? .null) == .null {
                values[property] = .unmanaged
                continue
            }
            switch action.action {
            case .create, .replace: values[property] = .written
            case .update: values[property] = changed.contains(version) ? .written : .kept
            case .adopt, .noop, .delete, .read, .release: values[property] = .kept
            }
        }
        return values
    }

    /// The dependencies `resource` names only in value-only properties, and not in `depends_on`,
    /// whose values `written` (what its step will write, resolved at plan time) no longer
    /// references: its steps need not wait for theirs (see `PlannedAction.valueOnlyDependencies`).
    static func valueOnlyDependencies(_ resource: DesiredResource, driver: any ResourceDriver, written: [String: Value])
        -> [String]?
    {
        var candidates: Set<String> = [], ordered = resource.declaredDependencies ?? []
        for (property, value) in resource.properties {
            let named = value.references.map(\.resource)
            if driver.isValueOnly(property) { candidates.formUnion(named) } else { ordered.formUnion(named) }
        }
        for value in written.values { ordered.formUnion(value.references.map(\.resource)) }
        let valueOnly = candidates.subtracting(ordered).intersection(resource.dependencies)
        return valueOnly.isEmpty ? nil : valueOnly.sorted()
    }

    /// What a region sharing a global resource declares differently from the region managing
    /// it: every property but the tags (whose ownership tags name each region).
    static func sharedDifferences(_ changes: [PropertyChange]) -> [String] {
        changes.map(\.path).filter { $0 != "tags" && !$0.hasPrefix("tags.") }
    }

    /// The declared name as written, `-${aws.region}` appended (the stack's name written back
    /// as `${stack.name}`), to show how to name a global resource per region; nil without one.
    static func perRegionName(_ declared: Value?, stack: String) -> String? {
        let parts: [TemplatePart]
        switch declared {
        case .string(let text)?: parts = [.literal(text)]
        case .template(let p)?: parts = p
        default: return nil
        }
        let text = parts.map { part -> String in
            switch part {
            case .literal(let s): return s.replacingOccurrences(of: stack, with: "${stack.name}")
            case .reference(let r): return r.description
            }
        }.joined()
        return text + "-${aws.region}"
    }

    /// Owned resources no desired resource claimed: planned for deletion, or for release when
    /// they record `retain`.
    private func orphans(taken: Set<String>) -> [PlannedAction] {
        var taken = taken
        var actions: [PlannedAction] = []
        for live in owned where !claimed.contains(ResourceKey(live)) && !live.isPendingDeletion {
            var address = live.logicalID ?? "\(live.kind):\(live.physicalID)"
            if taken.contains(address) { address = "\(address)[\(live.kind):\(live.physicalID)]" }
            var n = 2
            let base = address
            while taken.contains(address) {
                address = "\(base)#\(n)"
                n += 1
            }
            taken.insert(address)
            actions.append(PlannedAction(
                address: address, kind: live.kind, action: live.lifecycle?.retain == true ? .release : .delete,
                physicalID: live.physicalID,
                attributes: live.attributes, live: live,
                observations: [Observation(kind: live.kind, physicalID: live.physicalID,
                                           fingerprint: live.fingerprint, hints: live.properties)]))
        }
        return actions
    }

    /// Stack edges only link declared resources; edges to or from resources the stack no longer
    /// declares are inferred from live properties. Dependencies on addresses not in the plan
    /// are dropped.
    private func addLiveDependencies(_ actions: inout [PlannedAction]) {
        let declared = Set(actions.filter { graph.resources[$0.address]?.kind == $0.kind }.map(\.address))
        let nodes = actions.compactMap { a in a.live.map { LiveReferences.Node(address: a.address, live: $0) } }
        let inferred = LiveReferences.edges(nodes) { declared.contains($0) && declared.contains($1) }
        let addresses = Set(actions.map(\.address))
        for i in actions.indices {
            let stackEdges = actions[i].dependencies.filter { addresses.contains($0) }
            let all = Set(stackEdges).union(inferred[actions[i].address] ?? [])
            actions[i].dependencies = all.sorted()
        }
    }
}

extension DesiredResource {
    /// The properties a driver normalises: resolved with `lookup`, and the lifecycle controls
    /// under `ResourceLifecycle.propertyKey` when any is set.
    func driverProperties(_ lookup: (AttributeReference) -> Value?) -> [String: Value] {
        var properties = self.properties.mapValues { $0.resolved(lookup) }
        if !lifecycle.isEmpty { properties[ResourceLifecycle.propertyKey] = lifecycle.value }
        return properties
    }
}
