import SecmonCore

/// Everything read from the account for one plan.
struct LiveSnapshot: Sendable {
    /// Answers to `read`, by kind then physical id.
    var read: [String: [String: LiveResource]] = [:]
    /// Answers to `listOwned`, by kind.
    var owned: [String: [LiveResource]] = [:]
}

/// Reads the live state, every call as early as what it depends on allows: each kind's desired
/// physical ids are read at once (one batched `read` per kind, all kinds concurrently); each
/// kind's owned resources are listed as soon as its own read is done (what it found need not
/// be read again) and, for a kind owned through a parent kind, that kind's read (its children
/// are found through the parents): no list waits for the reads of unrelated kinds. Children of
/// a parent the stack no longer declares are not listed: deleting the parent removes them.
enum LiveReader {
    /// `requests`: kind -> physical id -> hints.
    static func snapshot(requests: [String: [String: [String: Value]]], drivers: DriverRegistry,
                         context: DriverContext) async throws -> LiveSnapshot {
        let kindsToRead = requests.keys.sorted().filter { !(requests[$0] ?? [:]).isEmpty && drivers[$0] != nil }
        var reads: [String: Task<Result<[String: LiveResource], any Error>, Never>] = [:]
        for kind in kindsToRead {
            guard let driver = drivers[kind], let byID = requests[kind] else { continue }
            reads[kind] = Task {
                await result { try await driver.read(byID.keys.sorted(), hints: byID, context: context) }
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
