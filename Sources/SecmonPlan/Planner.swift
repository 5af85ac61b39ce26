import SecmonCore
import SecmonGraph

/// Diffs the desired graph against the live account and decides one action per resource.
/// Knows no service: everything kind-specific goes through the drivers.
///
/// For each desired resource, in topological order (so references resolve from what was
/// decided before): resolve `${aws.*}` from the context and `${id.attr}` from the live
/// attributes of a resource that stays, or the driver's planned attributes of one to be made;
/// normalise; find the live resource by physical id (or, when AWS assigns the id, among the
/// owned ones by logical id or by equal replace-forcing properties); then
/// - nothing found: create; an owned resource made for the same logical id under another
///   physical id: replace (create the new, then delete the old);
/// - found, owned by this stack: no-op, update, or replace when a changed property forces it;
/// - found, owned by nobody: adopt with `--adopt`, else an error; owned by another stack: an
///   error even with `--adopt`.
/// Owned resources no desired resource claimed are deleted. In destroy mode every owned
/// resource found is deleted and nothing else is touched. A resource with `lifecycle: retain`
/// (declared, or recorded on it) is released instead of deleted; a plan that would delete or
/// replace one with `protect` is refused (`PlanError.protectedResources`).
public struct Planner: Sendable {
    public var drivers: DriverRegistry
    public var context: DriverContext
    public var options: PlanOptions
    /// The caller's identity, when it is still being asked for: `context` then need not know
    /// the account (its account id and partition are replaced by `DriverContext.pending`), and
    /// the kinds that read without it (`readsWithoutAccount`) start reading at once, beside
    /// the identity call; the others, and everything that needs the account, start when it
    /// answers. Nil: `context` is complete.
    public var identity: (@Sendable () async throws -> DriverContext)?

    public init(drivers: DriverRegistry, context: DriverContext, options: PlanOptions = PlanOptions(),
                identity: (@Sendable () async throws -> DriverContext)? = nil) {
        self.drivers = drivers
        self.context = context
        self.options = options
        self.identity = identity
    }

    /// Reads the live state (every read as early as it can go, see `LiveReader`) and plans.
    /// Throws `PlanError` (ownership conflicts are collected and reported together).
    public func plan(_ graph: DesiredGraph) async throws -> Plan {
        let order = Self.order(of: graph)
        for id in order {
            guard let resource = graph.resources[id] else { continue }
            if drivers[resource.kind] == nil {
                throw PlanError.noDriver(kind: resource.kind, resource: id, location: resource.location)
            }
        }
        var early: LiveReader.Requests = [:]
        if identity != nil {
            // What can be read before the identity answers: the kinds that need no account, and
            // of those the ids that do not derive from it.
            let provisional = Planner(drivers: drivers, context: context.pendingIdentity, options: options)
            for (kind, byID) in provisional.expectedPhysicalIDs(graph, order: order).requests
            where drivers[kind]?.readsWithoutAccount == true {
                early[kind] = byID.filter { !$0.key.contains(DriverContext.pending) }
            }
        }
        let resolved = Task { () async throws -> (Planner, ExpectedIDs) in
            var planner = self
            if let identity = planner.identity {
                planner.context = try await identity()
                planner.identity = nil
            }
            return (planner, planner.expectedPhysicalIDs(graph, order: order))
        }
        let snapshot = try await LiveReader.snapshot(drivers: drivers.forPlan(), early: early,
                                                     earlyContext: context.pendingIdentity) {
            let (planner, expected) = try await resolved.value
            return (planner.context, expected.requests)
        }
        let (planner, expected) = try await resolved.value
        var decider = Decider(planner: planner, graph: graph, expected: expected, snapshot: snapshot)
        let actions = try decider.decide(order: order)
        return Plan(stackName: graph.stackName, mode: options.mode, context: planner.context, actions: actions)
    }

    /// Every id of the graph: its topological order first, then (defensively) any id it lacks.
    static func order(of graph: DesiredGraph) -> [String] {
        let listed = graph.order.filter { graph.resources[$0] != nil }
        let seen = Set(listed)
        return listed + graph.resources.keys.filter { !seen.contains($0) }.sorted()
    }

    /// Before anything is read: the physical id each resource will have, resolving references
    /// from the context and from the planned attributes of the resources it references.
    struct ExpectedIDs: Sendable {
        var physicalID: [String: String] = [:]
        /// kind -> physical id -> the hints it was read with.
        var requests: [String: [String: [String: Value]]] = [:]
    }

    private func expectedPhysicalIDs(_ graph: DesiredGraph, order: [String]) -> ExpectedIDs {
        var expected = ExpectedIDs()
        var planned: [String: [String: Value]] = [:]
        for id in order {
            guard let resource = graph.resources[id], let driver = drivers[resource.kind] else { continue }
            let properties = resource.driverProperties(context.lookup(in: planned))
            let normalized = driver.normalize(properties, id: id, context: context)
            if let physicalID = driver.physicalID(of: normalized, context: context) {
                expected.physicalID[id] = physicalID
                expected.requests[resource.kind, default: [:]][physicalID] = normalized
            }
            planned[id] = driver.plannedAttributes(of: normalized, context: context)
        }
        return expected
    }
}
