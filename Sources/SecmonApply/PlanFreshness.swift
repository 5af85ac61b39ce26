import SecmonCore
import SecmonPlan

/// Why a saved plan may not be applied.
public enum PlanRefusal: Error, CustomStringConvertible {
    /// Made for another account, region or stack than the current credentials and stack.
    case wrongTarget(String)
    /// Something the plan was made from has changed (one line per resource).
    case stale([String])
    case readFailed(kind: String, underlying: any Error)

    public var description: String {
        switch self {
        case .wrongTarget(let why): return "this plan cannot be applied here: \(why)"
        case .stale(let changes):
            return "the account changed since this plan was made:\n"
                + changes.map { "  - \($0)" }.joined(separator: "\n")
                + "\nrun plan again"
        case .readFailed(let kind, let underlying):
            return "could not re-read \(kind) resources to check the plan is still current: \(underlying)"
        }
    }
}

/// Re-reads everything a saved plan observed and refuses it if anything differs.
public enum PlanFreshness {
    public static func check(_ plan: Plan, drivers: DriverRegistry, currentContext: DriverContext) async throws {
        let made = plan.context
        if made.accountID != currentContext.accountID || made.region != currentContext.region
            || made.partition != currentContext.partition {
            throw PlanRefusal.wrongTarget(
                "it was made for account \(made.accountID) in \(made.region), "
                    + "but the current credentials are for account \(currentContext.accountID) in \(currentContext.region)")
        }
        if made.stackName != currentContext.stackName {
            throw PlanRefusal.wrongTarget("it was made for stack \"\(made.stackName)\", not \"\(currentContext.stackName)\"")
        }

        var byKind: [String: [String: [String: Value]]] = [:]
        for action in plan.actions {
            for observation in action.observations {
                byKind[observation.kind, default: [:]][observation.physicalID] = observation.hints
            }
        }
        let found = try await withThrowingTaskGroup(of: (String, [String: LiveResource]).self) { group in
            for (kind, requests) in byKind {
                guard let driver = drivers[kind] else {
                    throw PlanRefusal.wrongTarget("it uses kind \"\(kind)\", which this version of secmon cannot manage")
                }
                group.addTask {
                    do {
                        return (kind, try await driver.read(requests.keys.sorted(), hints: requests, context: made))
                    } catch {
                        throw PlanRefusal.readFailed(kind: kind, underlying: error)
                    }
                }
            }
            var found: [String: [String: LiveResource]] = [:]
            for try await (kind, resources) in group { found[kind] = resources }
            return found
        }

        var changes: [String] = []
        for action in plan.actions {
            for observation in action.observations {
                let now = found[observation.kind]?[observation.physicalID]?.fingerprint
                guard now != observation.fingerprint else { continue }
                let what = "\(action.address) (\(observation.kind) \"\(observation.physicalID)\")"
                switch (observation.fingerprint, now) {
                case (nil, _): changes.append("\(what) now exists")
                case (_, nil): changes.append("\(what) no longer exists")
                default: changes.append("\(what) was modified")
                }
            }
        }
        if !changes.isEmpty { throw PlanRefusal.stale(changes) }
    }
}
