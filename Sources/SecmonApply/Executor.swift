import SecmonCore
import SecmonPlan

public struct ExecutorOptions: Sendable {
    /// Steps running at once (`--parallelism`), at least 1.
    public var parallelism: Int
    public var retry: RetryPolicy
    public init(parallelism: Int = 10, retry: RetryPolicy = .none) {
        self.parallelism = max(1, parallelism)
        self.retry = retry
    }
}

/// Carries out a plan through the drivers, in the order `ExecutionGraph` sets, with bounded
/// parallelism. On the first failure it starts nothing new, lets running steps finish and
/// reports every step as done, failed or skipped. Knows no service.
public struct Executor: Sendable {
    public var drivers: DriverRegistry
    public var options: ExecutorOptions

    public init(drivers: DriverRegistry, options: ExecutorOptions = ExecutorOptions()) {
        self.drivers = drivers
        self.options = options
    }

    /// Applies a saved plan: first checks it was made for this account and region and that
    /// nothing it was planned from has changed (`PlanFreshness`), then applies it.
    public func apply(saved plan: Plan, currentContext: DriverContext,
                      progress: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async throws -> ApplyResult {
        try await PlanFreshness.check(plan, drivers: drivers, currentContext: currentContext)
        return await apply(plan, progress: progress)
    }

    /// Applies a plan just made. `progress` is called from one task at a time.
    public func apply(_ plan: Plan, progress: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async -> ApplyResult {
        let graph = ExecutionGraph(plan)
        var results: [StepResult?] = Array(repeating: nil, count: graph.nodes.count)
        var waiting = graph.predecessorCount
        var ready = Set(waiting.indices.filter { waiting[$0] == 0 })
        // Attributes by address: what the plan knew, overwritten by what each step returns.
        // A plan read from a file may repeat an address; the first wins rather than a trap.
        var outputs = Dictionary(plan.actions.map { ($0.address, $0.attributes) }) { first, _ in first }
        var stopped = false
        let context = plan.context

        await withTaskGroup(of: (Int, StepStatus, [String: Value]?, Duration).self) { group in
            var running = 0
            while true {
                while !stopped, running < options.parallelism, let next = ready.min() {
                    ready.remove(next)
                    let node = graph.nodes[next]
                    progress(.started(node.step))
                    guard let driver = drivers[node.step.kind] else {
                        let status = StepStatus.failed("no driver for kind \"\(node.step.kind)\"")
                        results[next] = StepResult(step: node.step, status: status, duration: .zero)
                        progress(.finished(node.step, status, .zero))
                        stopped = true
                        break
                    }
                    let work = StepWork(node: node, driver: driver, context: context, outputs: outputs)
                    let retry = options.retry
                    group.addTask {
                        let clock = ContinuousClock()
                        let start = clock.now
                        let (status, attributes) = await work.run(retry: retry)
                        return (next, status, attributes, start.duration(to: clock.now))
                    }
                    running += 1
                }
                guard let (index, status, attributes, duration) = await group.next() else { break }
                running -= 1
                let node = graph.nodes[index]
                results[index] = StepResult(step: node.step, status: status, duration: duration)
                progress(.finished(node.step, status, duration))
                guard case .done = status else {
                    stopped = true
                    continue
                }
                if let attributes {
                    outputs[node.step.address] = (outputs[node.step.address] ?? [:]).merging(attributes) { _, new in new }
                }
                for successor in graph.successors[index] {
                    waiting[successor] -= 1
                    if waiting[successor] == 0 { ready.insert(successor) }
                }
            }
        }
        return ApplyResult(steps: graph.nodes.indices.map { index in
            results[index] ?? StepResult(step: graph.nodes[index].step, status: .skipped, duration: nil)
        })
    }
}

/// One step, ready to run in a child task: everything it needs is copied in.
private struct StepWork: Sendable {
    let node: ExecutionGraph.Node
    let driver: any ResourceDriver
    let context: DriverContext
    let outputs: [String: [String: Value]]

    /// The status, and for a create/update/adopt the attributes AWS returned.
    func run(retry: RetryPolicy) async -> (StepStatus, [String: Value]?) {
        let action = node.action
        do {
            switch node.step.operation {
            case .delete:
                guard let live = action.live else { return (.failed(missingLive), nil) }
                let outcome = try await retry.run { try await driver.delete(live, context: context) }
                return (.done(note: outcome.note), nil)
            case .create:
                let properties = try resolved(action.properties)
                let attributes = try await retry.run {
                    try await driver.create(id: action.address, properties: properties, context: context)
                }
                return (.done(note: nil), attributes)
            case .update, .adopt:
                guard let live = action.live else { return (.failed(missingLive), nil) }
                let properties = try resolved(action.properties)
                let changes = try action.changes.map { change in
                    var change = change
                    change.new = try change.new.map { try resolved($0, path: change.path) }
                    return change
                }
                let attributes = try await retry.run {
                    try await driver.update(id: action.address, live: live, properties: properties,
                                            changes: changes, context: context)
                }
                return (.done(note: nil), attributes)
            }
        } catch {
            return (.failed(String(describing: error)), nil)
        }
    }

    private var missingLive: String {
        "the plan has no live state for \(node.step.kind) \(node.step.address); run plan again"
    }

    private func resolved(_ properties: [String: Value]) throws -> [String: Value] {
        var out: [String: Value] = [:]
        for (key, value) in properties { out[key] = try resolved(value, path: key) }
        return out
    }

    /// References left open at plan time point at resources created earlier in this run.
    private func resolved(_ value: Value, path: String) throws -> Value {
        let result = value.resolved(context.lookup(in: outputs))
        if let missing = result.references.first {
            throw UnresolvedReference(resource: node.step.address, property: path, reference: missing)
        }
        return result
    }
}

/// A reference still unknown when its resource's turn came.
struct UnresolvedReference: Error, CustomStringConvertible {
    var resource: String
    var property: String
    var reference: AttributeReference
    var description: String {
        "\(resource).\(property) needs \(reference), which is still unknown after the resources it depends on were applied"
    }
}
