import SecmonCore

/// Everything read from the account for one plan.
struct LiveSnapshot: Sendable {
    /// Answers to `read`, by kind then physical id.
    var read: [String: [String: LiveResource]] = [:]
    /// Answers to `listOwned`, by kind.
    var owned: [String: [LiveResource]] = [:]
}

/// Reads the live state in two rounds, each fully concurrent: round one reads every kind's
/// desired physical ids (one batched `read` per kind); round two lists every kind's owned
/// resources, giving each the resources round one found of the other kinds as `parents` (a
/// child kind finds its resources through them). With the identity call before, a plan costs
/// three sequential round trips. Children of a parent the stack no longer declares are not
/// listed: deleting the parent removes them.
enum LiveReader {
    /// `requests`: kind -> physical id -> hints.
    static func snapshot(requests: [String: [String: [String: Value]]], drivers: DriverRegistry,
                         context: DriverContext) async throws -> LiveSnapshot {
        var snapshot = LiveSnapshot()
        let kindsToRead = requests.keys.sorted().filter { !(requests[$0] ?? [:]).isEmpty && drivers[$0] != nil }
        snapshot.read = try await everyKind(kindsToRead) { kind in
            guard let driver = drivers[kind], let byID = requests[kind] else { return [:] }
            return try await driver.read(byID.keys.sorted(), hints: byID, context: context)
        }

        let allRead = snapshot.read.keys.sorted().flatMap { kind in
            let byID = snapshot.read[kind] ?? [:]
            return byID.keys.sorted().compactMap { byID[$0] }
        }
        let readByKind = snapshot.read
        snapshot.owned = try await everyKind(drivers.kinds) { kind in
            guard let driver = drivers[kind] else { return [] }
            let owned = try await driver.listOwned(context: context, parents: allRead.filter { $0.kind != kind },
                                                   known: readByKind[kind] ?? [:])
            return owned.sorted { $0.physicalID < $1.physicalID }
        }
        return snapshot
    }

    /// Runs `body` for every kind concurrently. A failure does not cancel the others: each
    /// runs to its end (cancelling requests in flight buys little here and has been seen to
    /// deadlock the Linux URLSession), then the first failure in kind order is thrown.
    static func everyKind<T: Sendable>(_ kinds: [String], _ body: @escaping @Sendable (String) async throws -> T)
        async throws -> [String: T] {
        let results = await withTaskGroup(of: (String, Result<T, any Error>).self) { group in
            for kind in kinds {
                group.addTask {
                    do { return (kind, .success(try await body(kind))) } catch { return (kind, .failure(error)) }
                }
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
}
