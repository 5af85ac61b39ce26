import SecmonPlan

/// The steps of a plan and the order they must keep.
///
/// Hard edges (always kept, and acyclic because the stack's graph is):
/// - a create/update/adopt waits for the create/update/adopt of every resource it depends on,
///   except those it only names by value (`PlannedAction.valueOnlyDependencies`: an ARN in a
///   policy, known at plan time, needs nothing to exist; nor does their deletion wait for it);
/// - a replacement that keeps its physical id deletes the old resource, then creates (AWS
///   names are unique); one that changes it creates first and deletes the old one after.
/// Soft edges (deletions in reverse dependency order): a delete waits for every step of the
/// resources that depend on it, so nothing still points at what is deleted. A soft edge that
/// would close a cycle is dropped (e.g. a dependent that can only be updated after its
/// dependency is recreated), so the executor can never deadlock.
struct ExecutionGraph {
    struct Node {
        var step: Step
        var action: PlannedAction
    }
    private(set) var nodes: [Node] = []
    /// Successors of each node.
    private(set) var successors: [[Int]] = []
    /// Number of predecessors of each node.
    private(set) var predecessorCount: [Int] = []

    init(_ plan: Plan) {
        var forward: [String: Int] = [:]
        var deletion: [String: Int] = [:]
        for action in plan.actions {
            func add(_ operation: Step.Operation, physicalID: String?) -> Int {
                nodes.append(Node(step: Step(address: action.address, kind: action.kind, operation: operation,
                                             physicalID: physicalID), action: action))
                return nodes.count - 1
            }
            switch action.action {
            case .noop, .read: break
            case .create: forward[action.address] = add(.create, physicalID: action.physicalID)
            case .update: forward[action.address] = add(.update, physicalID: action.physicalID)
            case .adopt: forward[action.address] = add(.adopt, physicalID: action.physicalID)
            case .delete: deletion[action.address] = add(.delete, physicalID: action.live?.physicalID ?? action.physicalID)
            // Ordered as a deletion: what still points at it moves on first.
            case .release: deletion[action.address] = add(.release, physicalID: action.live?.physicalID ?? action.physicalID)
            case .replace:
                if action.replacementOrder == .createThenDelete {
                    forward[action.address] = add(.create, physicalID: action.physicalID)
                    deletion[action.address] = add(.delete, physicalID: action.live?.physicalID)
                } else {
                    deletion[action.address] = add(.delete, physicalID: action.live?.physicalID)
                    forward[action.address] = add(.create, physicalID: action.physicalID)
                }
            }
        }
        successors = Array(repeating: [], count: nodes.count)
        predecessorCount = Array(repeating: 0, count: nodes.count)

        // Hard edges.
        for action in plan.actions {
            guard let node = forward[action.address] else { continue }
            let valueOnly = Set(action.valueOnlyDependencies ?? [])
            for dependency in action.dependencies where !valueOnly.contains(dependency) {
                if let before = forward[dependency] { addEdge(before, node) }
            }
        }
        for action in plan.actions where action.action == .replace {
            guard let create = forward[action.address], let delete = deletion[action.address] else { continue }
            if action.replacementOrder == .createThenDelete { addEdge(create, delete) } else { addEdge(delete, create) }
        }

        // Soft edges: a dependent's delete first, then its other steps, each only if acyclic.
        var dependents: [String: [PlannedAction]] = [:]
        for action in plan.actions {
            let valueOnly = Set(action.valueOnlyDependencies ?? [])
            for dependency in action.dependencies where dependency != action.address && !valueOnly.contains(dependency) {
                dependents[dependency, default: []].append(action)
            }
        }
        for action in plan.actions {
            guard let delete = deletion[action.address] else { continue }
            for dependent in dependents[action.address] ?? [] {
                for before in [deletion[dependent.address], forward[dependent.address]].compactMap({ $0 })
                where !reaches(from: delete, to: before) {
                    addEdge(before, delete)
                }
            }
        }
    }

    private mutating func addEdge(_ from: Int, _ to: Int) {
        guard from != to, !successors[from].contains(to) else { return }
        successors[from].append(to)
        predecessorCount[to] += 1
    }

    /// Every node reachable from `start`, excluding it: what cannot run once it failed.
    func descendants(of start: Int) -> Set<Int> {
        var seen: Set<Int> = []
        var stack = successors[start]
        while let node = stack.popLast() {
            if seen.insert(node).inserted { stack += successors[node] }
        }
        return seen
    }

    private func reaches(from start: Int, to target: Int) -> Bool {
        start == target || descendants(of: start).contains(target)
    }
}
