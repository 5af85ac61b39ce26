import SecmonCore
import SecmonPlan
import Synchronization

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
/// parallelism. A failed step skips only the steps that depend on it (directly or through
/// other skipped steps); everything else runs to its end, as Terraform's DAG walk does. A stop
/// request (Ctrl-C), or finding that another apply of the stack is running, stops starting
/// new steps and lets the running ones finish. Every step is reported as done, failed or
/// skipped (with why). Knows no service.
public struct Executor: Sendable {
    public var drivers: DriverRegistry
    public var options: ExecutorOptions

    public init(drivers: DriverRegistry, options: ExecutorOptions = ExecutorOptions()) {
        self.drivers = drivers
        self.options = options
    }

    /// Applies a saved plan: first checks it was made for this account and region and that
    /// nothing it was planned from has changed (`PlanFreshness`), then applies it.
    public func apply(saved plan: Plan, currentContext: DriverContext, stop: StopRequest = StopRequest(),
                      progress: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async throws -> ApplyResult {
        try await PlanFreshness.check(plan, drivers: drivers, currentContext: currentContext)
        return await apply(plan, stop: stop, progress: progress)
    }

    /// Applies a plan just made. `progress` is called from one task at a time.
    public func apply(_ plan: Plan, stop: StopRequest = StopRequest(),
                      progress: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async -> ApplyResult {
        let graph = ExecutionGraph(plan)
        var results: [StepResult?] = Array(repeating: nil, count: graph.nodes.count)
        var waiting = graph.predecessorCount
        var ready = Set(waiting.indices.filter { waiting[$0] == 0 })
        // For each step that can no longer start: the failed steps it waits on.
        var blockedBy: [Int: Set<Int>] = [:]
        // Attributes by address: what the plan knew, overwritten by what each step returns.
        // A plan read from a file may repeat an address; the first wins rather than a trap.
        var outputs = Dictionary(plan.actions.map { ($0.address, $0.attributes) }) { first, _ in first }
        let context = plan.context

        func finish(_ index: Int, _ status: StepStatus, _ duration: Duration) {
            let step = graph.nodes[index].step
            results[index] = StepResult(step: step, status: status, duration: duration)
            progress(.finished(step, status, duration))
            if case .failed(let failure) = status {
                if failure.code == ConcurrentApply.code { stop.request(.concurrentApply) }
                for blocked in graph.descendants(of: index) { blockedBy[blocked, default: []].insert(index) }
            }
        }

        await withTaskGroup(of: (Int, StepStatus, [String: Value]?, Duration).self) { group in
            var running = 0
            while true {
                while stop.reason == nil, running < options.parallelism, let next = ready.min() {
                    ready.remove(next)
                    let node = graph.nodes[next]
                    progress(.started(node.step))
                    guard let driver = drivers[node.step.kind] else {
                        finish(next, .failed(StepFailure(kind: .plan, code: "NoDriver",
                                                         message: "no driver for kind \"\(node.step.kind)\"")), .zero)
                        continue
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
                finish(index, status, duration)
                guard case .done = status else { continue }
                if let attributes {
                    let address = graph.nodes[index].step.address
                    outputs[address] = (outputs[address] ?? [:]).merging(attributes) { _, new in new }
                }
                for successor in graph.successors[index] {
                    waiting[successor] -= 1
                    if waiting[successor] == 0 { ready.insert(successor) }
                }
            }
        }
        let steps = graph.nodes.indices.map { index in
            if let result = results[index] { return result }
            let failed = (blockedBy[index] ?? []).sorted().map { graph.nodes[$0].step }
            let reason: SkipReason = failed.isEmpty ? .stopped : .failedDependencies(failed)
            return StepResult(step: graph.nodes[index].step, status: .skipped(reason), duration: nil)
        }
        return ApplyResult(steps: steps, stopReason: stop.reason)
    }
}

/// Asks a running apply to start no new steps; the ones running finish. Safe to call from a
/// signal handler's queue. The first reason given is kept.
public final class StopRequest: Sendable {
    private let state = Mutex<StopReason?>(nil)
    public init() {}
    public func request(_ reason: StopReason) { state.withLock { if $0 == nil { $0 = reason } } }
    public var reason: StopReason? { state.withLock { $0 } }
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
            case .release:
                guard let live = action.live else { return (.failed(missingLive), nil) }
                try await retry.run { try await driver.release(live, context: context) }
                return (.done(note: nil), nil)
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
            var failure = StepFailure(describing: error)
            if node.step.operation == .create, let concurrent = await ConcurrentApply.check(failure, node: node, driver: driver,
                                                                                          context: context) {
                failure = concurrent
            }
            return (.failed(failure), nil)
        }
    }

    private var missingLive: StepFailure {
        StepFailure(kind: .plan, code: "NoLiveState",
                    message: "the plan has no live state for \(node.step.kind) \(node.step.address); run plan again")
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
struct UnresolvedReference: StepFailureDescribing, CustomStringConvertible {
    var resource: String
    var property: String
    var reference: AttributeReference
    var description: String {
        "\(resource).\(property) needs \(reference), which is still unknown after the resources it depends on were applied"
    }
    var stepFailure: StepFailure { StepFailure(kind: .plan, code: "UnresolvedReference", message: description) }
}
