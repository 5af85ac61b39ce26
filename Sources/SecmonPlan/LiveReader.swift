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
        snapshot.read = try await withThrowingTaskGroup(of: (String, [String: LiveResource]).self) { group in
            for kind in requests.keys.sorted() {
                guard let driver = drivers[kind], let byID = requests[kind], !byID.isEmpty else { continue }
                group.addTask {
                    do {
                        return (kind, try await driver.read(byID.keys.sorted(), hints: byID, context: context))
                    } catch {
                        throw PlanError.readFailed(kind: kind, underlying: error)
                    }
                }
            }
            var found: [String: [String: LiveResource]] = [:]
            for try await (kind, resources) in group { found[kind] = resources }
            return found
        }

        let allRead = snapshot.read.keys.sorted().flatMap { kind in
            let byID = snapshot.read[kind] ?? [:]
            return byID.keys.sorted().compactMap { byID[$0] }
        }
        snapshot.owned = try await withThrowingTaskGroup(of: (String, [LiveResource]).self) { group in
            for kind in drivers.kinds {
                guard let driver = drivers[kind] else { continue }
                let parents = allRead.filter { $0.kind != kind }
                group.addTask {
                    do {
                        return (kind, try await driver.listOwned(context: context, parents: parents))
                    } catch {
                        throw PlanError.readFailed(kind: kind, underlying: error)
                    }
                }
            }
            var found: [String: [LiveResource]] = [:]
            for try await (kind, resources) in group {
                found[kind] = resources.sorted { $0.physicalID < $1.physicalID }
            }
            return found
        }
        return snapshot
    }
}
