import AWSClient
import Foundation
import SecmonPlan

/// What one plan has listed of a kind, so that its `read` and its orphan search never ask the
/// same thing twice: a kind owned through a parent (a log group's metric filters, a topic's
/// subscriptions) has each parent's children listed once per plan, or all of them in one
/// paginated walk; a kind listed whole by one call (a region's trails) makes it once.
/// A driver gets a fresh one per plan (`ResourceDriver.forPlan`); calls outside a plan (apply's
/// re-reads) have none and always ask AWS.
public final class PlanListings: @unchecked Sendable {
    private let lock = NSLock()
    private var byScope: [String: Task<[LiveResource], any Error>] = [:]
    private var walk: Task<[String: [LiveResource]]?, any Error>?
    private var replies: [String: Task<AWSValue, any Error>] = [:]

    public init() {}

    /// The walk of every parent's children, if this plan started one (its answer nil when the
    /// caller may not make it: then each parent is listed on its own).
    var walked: Task<[String: [LiveResource]]?, any Error>? { lock.withLock { walk } }

    /// Starts the walk unless one was started already.
    func startWalk(_ body: @escaping @Sendable () async throws -> [String: [LiveResource]]?) {
        lock.withLock { if walk == nil { walk = Task { try await body() } } }
    }

    /// The reply `body` gets, asked at most once per plan under `key`.
    func reply(_ key: String, _ body: @escaping @Sendable () async throws -> AWSValue) async throws -> AWSValue {
        try await lock.withLock { Self.once(&replies, key, body) }.value
    }

    /// Asks `body` under `key` now, unless asked already, without waiting for the reply: a
    /// later `reply(key, ...)` gets it (a failure too).
    func prefetch(_ key: String, _ body: @escaping @Sendable () async throws -> AWSValue) {
        lock.withLock { _ = Self.once(&replies, key, body) }
    }

    /// `scope`'s children: `body`'s answer, asked at most once per plan (callers asking
    /// meanwhile wait for the same answer).
    func children(of scope: String, _ body: @escaping @Sendable () async throws -> [LiveResource]) async throws
        -> [LiveResource]
    {
        try await lock.withLock { Self.once(&byScope, scope, body) }.value
    }

    /// The task answering `key`, started by the first caller.
    private static func once<T: Sendable>(_ tasks: inout [String: Task<T, any Error>], _ key: String,
                                          _ body: @escaping @Sendable () async throws -> T) -> Task<T, any Error> {
        if let task = tasks[key] { return task }
        let task = Task { try await body() }
        tasks[key] = task
        return task
    }
}
