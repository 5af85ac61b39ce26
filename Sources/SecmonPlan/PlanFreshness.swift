import SecmonCore

/// Why a saved plan may not be applied.
public enum PlanRefusal: Error, CustomStringConvertible {
    /// Made for another account, region or stack than the current credentials and stack.
    case wrongTarget(String)
    /// Something the plan was made from has changed (one entry per resource).
    case stale([String])
    case readFailed(kind: String, underlying: any Error)

    public var description: String {
        switch self {
        case .wrongTarget(let why): return "this plan cannot be applied here: \(why)"
        case .stale(let changes):
            return "the account changed since this plan was made: " + changes.joined(separator: "; ") + "; run plan again"
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
        for kind in byKind.keys.sorted() where drivers[kind] == nil {
            throw PlanRefusal.wrongTarget("it uses kind \"\(kind)\", which this version of secmon cannot manage")
        }
        let found: [String: [String: LiveResource]]
        do {
            let requestsByKind = byKind
            found = try await LiveReader.everyKind(requestsByKind.keys.sorted()) { kind in
                guard let driver = drivers[kind], let requests = requestsByKind[kind] else { return [:] }
                return try await driver.read(requests.keys.sorted(), hints: requests, context: made)
            }
        } catch PlanError.readFailed(let kind, let underlying) {
            throw PlanRefusal.readFailed(kind: kind, underlying: underlying)
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
