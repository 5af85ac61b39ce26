import SecmonCore

/// A global resource (an IAM role, a bucket name) that the plans of two or more targets in one
/// account would each write: made at once, the second create would fail halfway through the
/// apply, and later each would undo the other. Found over all targets' plans, before any write.
public struct TargetOverlap: Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var physicalID: String
    public var accountID: String
    /// "address in region", one per plan that writes it, in the plans' order.
    public var writers: [String]

    public var description: String {
        "the \(kind) \"\(physicalID)\" in account \(accountID) would be written by more than one target "
            + "(\(writers.joined(separator: ", "))); \(kind) names are global, so the targets would undo each other. "
            + "Name it per region, e.g. with -${aws.region} at the end of its name; or set shared_across_regions: true "
            + "on it and apply one region first (--region), so the others read what it made."
    }

    /// The overlaps among `plans` (each a target's), by `isGlobal` of each kind.
    public static func find(_ plans: [Plan], isGlobal: (String) -> Bool) -> [TargetOverlap] {
        struct Key: Hashable { var account: String, kind: String, physicalID: String }
        var writers: [Key: [String]] = [:]
        var order: [Key] = []
        for plan in plans {
            for action in plan.actions where action.action.changes && isGlobal(action.kind) {
                guard let physicalID = action.physicalID ?? action.live?.physicalID else { continue }
                let key = Key(account: plan.context.accountID, kind: action.kind, physicalID: physicalID)
                if writers[key] == nil { order.append(key) }
                writers[key, default: []].append("\(action.address) in \(plan.context.region)")
            }
        }
        return order.compactMap { key in
            guard let list = writers[key], list.count > 1 else { return nil }
            return TargetOverlap(kind: key.kind, physicalID: key.physicalID, accountID: key.account, writers: list)
        }
    }
}
