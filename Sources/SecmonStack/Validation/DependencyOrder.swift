/// Topological order and cycle finding over logical ids. Shared by validation (to report cycles
/// with locations) and the graph builder (to order resources), so both agree.
public enum DependencyOrder {
    /// Every id after all of its dependencies; among ids that are ready at the same time, the
    /// smallest id first, so the order never depends on hashing. Nil when there is a cycle.
    /// Dependencies on ids not in `dependencies`' keys are ignored.
    public static func sorted(_ dependencies: [String: Set<String>]) -> [String]? {
        var waitingOn = dependencies.mapValues { $0.filter { dependencies[$0] != nil }.count }
        var dependents: [String: [String]] = [:]
        for (id, deps) in dependencies { for dep in deps where dependencies[dep] != nil { dependents[dep, default: []].append(id) } }
        var ready = MinHeap(waitingOn.filter { $0.value == 0 }.map(\.key))
        var order: [String] = []
        order.reserveCapacity(dependencies.count)
        while let id = ready.popMin() {
            order.append(id)
            for dependent in dependents[id] ?? [] {
                waitingOn[dependent, default: 0] -= 1
                if waitingOn[dependent] == 0 { ready.insert(dependent) }
            }
        }
        return order.count == dependencies.count ? order : nil
    }

    /// One path per cycle, each starting and ending at the same id, e.g. ["a", "b", "a"].
    /// `rank` picks each cycle's starting id (the one declared first) so messages are stable.
    public static func cycles(_ dependencies: [String: Set<String>], rank: (String) -> Int) -> [[String]] {
        let components = stronglyConnected(dependencies)
        var paths: [[String]] = []
        for component in components {
            let members = Set(component)
            guard let start = component.min(by: { (rank($0), $0) < (rank($1), $1) }) else { continue }
            if members.count == 1, !(dependencies[start]?.contains(start) ?? false) { continue }
            paths.append(shortestLoop(from: start, within: members, dependencies))
        }
        return paths.sorted { (rank($0[0]), $0[0]) < (rank($1[0]), $1[0]) }
    }

    private static func shortestLoop(from start: String, within members: Set<String>, _ deps: [String: Set<String>]) -> [String] {
        var previous: [String: String] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            for next in (deps[id] ?? []).sorted() where members.contains(next) {
                if next == start {
                    var path = [start]
                    var cursor = id
                    while cursor != start {
                        path.insert(cursor, at: 1)
                        cursor = previous[cursor] ?? start
                    }
                    path.append(start)
                    return path
                }
                if previous[next] == nil, next != start {
                    previous[next] = id
                    queue.append(next)
                }
            }
        }
        return [start, start]
    }

    /// Tarjan's algorithm, iterative so a long chain cannot exhaust the stack.
    private static func stronglyConnected(_ deps: [String: Set<String>]) -> [[String]] {
        var index = 0
        var indices: [String: Int] = [:]
        var lowlink: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var result: [[String]] = []
        let successors = deps.mapValues { $0.filter { deps[$0] != nil }.sorted() }
        for root in deps.keys.sorted() where indices[root] == nil {
            var work: [(id: String, next: Int)] = [(root, 0)]
            indices[root] = index; lowlink[root] = index; index += 1
            stack.append(root); onStack.insert(root)
            while var frame = work.popLast() {
                let succ = successors[frame.id] ?? []
                if frame.next < succ.count {
                    let w = succ[frame.next]
                    frame.next += 1
                    work.append(frame)
                    if indices[w] == nil {
                        indices[w] = index; lowlink[w] = index; index += 1
                        stack.append(w); onStack.insert(w)
                        work.append((w, 0))
                    } else if onStack.contains(w) {
                        lowlink[frame.id] = min(lowlink[frame.id, default: 0], indices[w, default: 0])
                    }
                    continue
                }
                if let parent = work.last {
                    lowlink[parent.id] = min(lowlink[parent.id, default: 0], lowlink[frame.id, default: 0])
                }
                if lowlink[frame.id] == indices[frame.id] {
                    var component: [String] = []
                    while let w = stack.popLast() {
                        onStack.remove(w)
                        component.append(w)
                        if w == frame.id { break }
                    }
                    result.append(component)
                }
            }
        }
        return result
    }
}

/// The smallest string first, in O(log n) per operation (a sorted array would make ordering a
/// large stack quadratic).
private struct MinHeap {
    private var items: [String] = []

    init(_ initial: [String]) {
        for item in initial { insert(item) }
    }

    mutating func insert(_ item: String) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> String? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let min = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return min
    }
}
