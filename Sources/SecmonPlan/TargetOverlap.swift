import SecmonCore

/// How far a kind's names are unique: within an account (IAM roles) or across every account
/// (bucket names). Regional kinds have no overlap across targets: each target's region and
/// account are its own.
public enum NameScope: Sendable, Hashable {
    case account
    case everyAccount
}

/// A global resource (an IAM role, a bucket name) that the plans of two or more targets would
/// each write: made at once, the second create would fail halfway through the apply, and later
/// each would undo the other. Found over all targets' plans, before any write.
public struct TargetOverlap: Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var physicalID: String
    /// The account whose names collide; nil for a name unique across every account.
    public var accountID: String?
    /// "address in region" (with the account, for a name unique across accounts), one per plan
    /// that writes it, in the plans' order.
    public var writers: [String]

    public var description: String {
        let whereabouts = accountID.map { " in account \($0)" } ?? ""
        let scope = accountID == nil ? "\(kind) names are unique across every account" : "\(kind) names are global"
        return "the \(kind) \"\(physicalID)\"\(whereabouts) would be written by more than one target "
            + "(\(writers.joined(separator: ", "))); \(scope), so the targets would undo each other. "
            + (accountID == nil
                ? "Name it per account and region, e.g. with -${aws.account_id}-${aws.region} at the end of its name."
                : "Name it per region, e.g. with -${aws.region} at the end of its name; or set shared_across_regions: true "
                    + "on it and apply one region first (--region), so the others read what it made.")
    }

    /// The overlaps among `plans` (each a target's), by the name scope of each kind (nil: a
    /// regional kind).
    public static func find(_ plans: [Plan], scope: (String) -> NameScope?) -> [TargetOverlap] {
        struct Key: Hashable { var account: String?, kind: String, physicalID: String }
        var writers: [Key: [String]] = [:]
        var order: [Key] = []
        for plan in plans {
            for action in plan.actions where action.action.changes {
                guard let scope = scope(action.kind), let physicalID = action.physicalID ?? action.live?.physicalID else { continue }
                let account = scope == .account ? plan.context.accountID : nil
                let key = Key(account: account, kind: action.kind, physicalID: physicalID)
                if writers[key] == nil { order.append(key) }
                let place = account == nil ? "account \(plan.context.accountID) \(plan.context.region)" : plan.context.region
                writers[key, default: []].append("\(action.address) in \(place)")
            }
        }
        return order.compactMap { key in
            guard let list = writers[key], list.count > 1 else { return nil }
            return TargetOverlap(kind: key.kind, physicalID: key.physicalID, accountID: key.account, writers: list)
        }
    }
}

extension ResourceDriver {
    /// How far its names are unique; nil for a regional kind.
    public var nameScope: NameScope? {
        isGlobalAcrossAccounts ? .everyAccount : isGlobal ? .account : nil
    }
}
