import SecmonCore

/// Everything read from the account for one plan.
struct LiveSnapshot: Sendable {
    /// Answers to `read`, by kind then physical id.
    var read: [String: [String: LiveResource]] = [:]
    /// Answers to `listOwned`, by kind.
    var owned: [String: [LiveResource]] = [:]
}

/// Reads the live state, every call as early as what it depends on allows: each kind's desired
/// physical ids are read at once (one batched `read` per kind, all kinds concurrently; a kind
/// that reads without the account already while the caller's identity is asked for); each
/// kind's owned resources are listed as soon as its own read is done (what it found need not
/// be read again) and, for a kind owned through a parent kind, that kind's read (its children
/// are found through the parents): no list waits for the reads of unrelated kinds. Children of
/// a parent the stack no longer declares are not listed: deleting the parent removes them.
enum LiveReader {
    /// kind -> physical id -> the hints it is read with.
    typealias Requests = [String: [String: [String: Value]]]

    /// `early`: what may be read before `resolve` answers, with `earlyContext` (kinds reading
    /// without the account, see `Planner.identity`); `resolve`: the plan's context and every
    /// id to read. An id of `early` is not read again.
    static func snapshot(drivers: DriverRegistry, early: Requests = [:], earlyContext: DriverContext? = nil,
                         resolve: @escaping @Sendable () async throws -> (DriverContext, Requests)) async throws
        -> LiveSnapshot
    {
        var earlyReads: [String: Task<Result<[String: LiveResource], any Error>, Never>] = [:]
        if let earlyContext {
            for (kind, byID) in early where !byID.isEmpty {
                guard let driver = drivers[kind] else { continue }
                earlyReads[kind] = Task {
                    await result { try await driver.read(byID.keys.sorted(), hints: byID, context: earlyContext) }
                }
            }
        }
        // The identity's failure is the plan's (not a read's): thrown as it is.
        let (context, requests) = try await resolve()
        let kindsToRead = Set(requests.keys.filter { !(requests[$0] ?? [:]).isEmpty && drivers[$0] != nil })
            .union(earlyReads.keys).sorted()
        var reads: [String: Task<Result<[String: LiveResource], any Error>, Never>] = [:]
        for kind in kindsToRead {
            guard let driver = drivers[kind] else { continue }
            let byID = requests[kind] ?? [:], earlyRead = earlyReads[kind], asked = Set((early[kind] ?? [:]).keys)
            reads[kind] = Task {
                let early = await earlyRead?.value ?? .success([:])
                guard case .success(let found) = early else { return early }
                let rest = byID.keys.filter { !asked.contains($0) }.sorted()
                if rest.isEmpty { return .success(found) }
                return await result {
                    try await driver.read(rest, hints: byID, context: context).merging(found) { late, _ in late }
                }
            }
        }
        let started = reads
        let listed = await result { try await everyKind(drivers.kinds) { kind -> [LiveResource] in
            guard let driver = drivers[kind] else { return [] }
            // A failed read is reported below, by its own kind.
            guard case .success(let known)? = await started[kind]?.value ?? .success([:]) else { return [] }
            var parents: [LiveResource] = []
            if let owner = driver.ownerKind, owner != kind, let read = started[owner] {
                guard case .success(let byID) = await read.value else { return [] }
                parents = byID.keys.sorted().compactMap { byID[$0] }
            }
            let owned = try await driver.listOwned(context: context, parents: parents, known: known)
            return owned.sorted { $0.physicalID < $1.physicalID }
        } }
        // Read failures first: a list may have been skipped because of one.
        var snapshot = LiveSnapshot()
        for kind in kindsToRead {
            guard let read = reads[kind] else { continue }
            switch await read.value {
            case .success(let byID): snapshot.read[kind] = byID
            case .failure(let error): throw PlanError.readFailed(kind: kind, underlying: error)
            }
        }
        snapshot.owned = try listed.get()
        return snapshot
    }

    /// Runs `body` for every kind concurrently. A failure does not cancel the others: each
    /// runs to its end, then the first failure in kind order is thrown, so the error reported
    /// does not depend on which call happened to fail first.
    static func everyKind<T: Sendable>(_ kinds: [String], _ body: @escaping @Sendable (String) async throws -> T)
        async throws -> [String: T] {
        let results = await withTaskGroup(of: (String, Result<T, any Error>).self) { group in
            for kind in kinds {
                group.addTask { (kind, await result { try await body(kind) }) }
            }
            var results: [String: Result<T, any Error>] = [:]
            for await (kind, result) in group { results[kind] = result }
            return results
        }
        var values: [String: T] = [:]
        for kind in kinds {
            switch results[kind] {
            case .success(let value)?: values[kind] = value
            case .failure(let error)?: throw PlanError.readFailed(kind: kind, underlying: error)
            case nil: break
            }
        }
        return values
    }

    /// A call's result or error, as a value.
    private static func result<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
