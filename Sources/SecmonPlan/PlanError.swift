import SecmonCore

/// Why a plan could not be made. Each message names the resource and says what to do.
public enum PlanError: Error, CustomStringConvertible {
    /// The stack uses a kind no driver serves.
    case noDriver(kind: String, resource: String, location: SourceLocation?)
    /// Resources the stack wants exist but belong to nobody or to another stack.
    case ownershipConflicts([OwnershipConflict])
    /// `--adopt` would have to replace (delete) a resource secmon does not own yet.
    case adoptionWouldReplace(resource: String, kind: String, physicalID: String, properties: [String])
    /// Resources the stack watches (`watch: true`) do not exist.
    case watchedMissing([WatchedMissing])
    /// Global resources shared across regions that this region declares differently from the
    /// region that manages them.
    case sharedDiffers([SharedDifference])
    /// The plan would delete or replace resources that are protected (`lifecycle: protect`).
    case protectedResources([ProtectedResource])
    /// A driver failed to read its kind's live state.
    case readFailed(kind: String, underlying: any Error)

    public var description: String {
        switch self {
        case .noDriver(let kind, let resource, let location):
            let at = location.map { " (\($0))" } ?? ""
            return "resource \(resource)\(at) has kind \"\(kind)\", which this version of secmon cannot manage"
        case .ownershipConflicts(let conflicts):
            return conflicts.map(\.description).joined(separator: "\n")
        case .adoptionWouldReplace(let resource, let kind, let physicalID, let properties):
            return "cannot adopt \(resource) (\(kind) \"\(physicalID)\"): its \(properties.joined(separator: ", ")) "
                + "differ from the stack and cannot be changed in place, so adopting it would delete it; "
                + "make the stack match the existing resource, or choose another name"
        case .watchedMissing(let missing):
            return missing.map(\.description).joined(separator: "\n")
        case .sharedDiffers(let differences):
            return differences.map(\.description).joined(separator: "\n")
        case .protectedResources(let refused):
            return refused.map(\.description).joined(separator: "\n")
        case .readFailed(let kind, let underlying):
            return "could not read the live state of \(kind) resources: \(underlying)"
        }
    }
}

/// A problem with one declared resource, told as `resource (file:line:col): ...`.
public protocol ResourceProblem: Sendable, Hashable, CustomStringConvertible {
    var resource: String { get }
    var location: SourceLocation? { get }
}

extension ResourceProblem {
    /// The resource and where it is declared: `alerts (stack.yaml:3:5)`.
    var subject: String { resource + (location.map { " (\($0))" } ?? "") }
}

/// A desired resource whose physical id is taken by something this stack does not own.
public struct OwnershipConflict: ResourceProblem {
    public var resource: String
    public var kind: String
    public var physicalID: String
    /// The owning stack, nil when nobody owns it.
    public var owner: String?
    public var location: SourceLocation?
    /// When this same stack owns it from another region (a global resource): that region.
    public var ownerRegion: String?
    /// For that case: the name the stack declares, as written, with `-${aws.region}` added.
    public var perRegionName: String?
    /// When this same stack owns it through another of its targets: that target's id.
    public var ownerTarget: String?
    /// For that case: whether this plan is for a target too (else for the stack without
    /// `targets:`).
    public var planHasTarget = true

    public var description: String {
        let what = "\(subject): a \(kind) named \"\(physicalID)\" already exists"
        if let owner, let ownerTarget, !planHasTarget {
            return "\(what) and belongs to this stack (\(owner)) through its target \"\(ownerTarget)\" (its secmon:target tag); "
                + "the stack without targets: never changes what one of its targets manages. "
                + "Add that target back to the stack's targets: to manage it."
        }
        if let owner, let ownerTarget {
            return "\(what) and belongs to this stack (\(owner)) through its target \"\(ownerTarget)\" (its secmon:target tag); "
                + "a target never changes what another target manages. If this target takes over from that one "
                + "(another role into the same account), give it `name: \(ownerTarget)`; otherwise remove that target first."
        }
        if let owner, let ownerRegion {
            let example = perRegionName.map { "name: \($0)" } ?? "a name ending in -${aws.region}"
            return "\(what) and belongs to this stack (\(owner)) in region \(ownerRegion); \(kind) names are global, "
                + "so one region's apply would undo the other's. Name it per region, e.g. `\(example)`, "
                + "or set `shared_across_regions: true` on it to share one \(kind) between regions on purpose."
        }
        if let owner {
            return "\(what) and belongs to stack \"\(owner)\"; secmon leaves it alone. "
                + "Remove it from stack \"\(owner)\" first or choose another name "
                + "(--adopt only takes over resources no stack owns)."
        }
        return "\(what) and no stack owns it; secmon leaves it alone. "
            + "Re-run with --adopt to manage it from this stack, or choose another name."
    }
}

/// A watched resource that is not there.
public struct WatchedMissing: ResourceProblem {
    public var resource: String
    public var kind: String
    public var physicalID: String
    public var location: SourceLocation?

    public var description: String {
        return "\(subject): the stack watches a \(kind) named \"\(physicalID)\", but there is none in this account and region; "
            + "check the name and region, or drop watch: true to have secmon create it"
    }
}

/// A global resource shared across regions whose declaration here differs from what the
/// region managing it made.
public struct SharedDifference: ResourceProblem {
    public var resource: String
    public var kind: String
    public var physicalID: String
    /// The region that manages it.
    public var ownerRegion: String
    /// The properties that differ.
    public var paths: [String]
    public var location: SourceLocation?

    public var description: String {
        return "\(subject): the \(kind) \"\(physicalID)\" is shared across regions and managed from \(ownerRegion), "
            + "where it was made with other \(paths.joined(separator: ", ")); a shared resource must be declared the same in "
            + "every region (nothing in it may depend on ${aws.region} or on a regional resource), or name it per region, "
            + "e.g. with -${aws.region} at the end of its name, and drop shared_across_regions."
    }
}

/// A protected resource (`lifecycle: protect: true`) the plan would delete or replace.
public struct ProtectedResource: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Destroying the stack would delete it.
        case destroyed
        /// It is no longer in the stack, so the plan would delete it.
        case removedFromStack
        /// A change to these properties cannot be made in place (empty: its physical id changes).
        case replaced(causes: [String])
    }
    public var resource: String
    public var kind: String
    public var physicalID: String
    public var reason: Reason
    /// Whether the stack declares the protection (else only the resource records it, from the
    /// last apply that declared it).
    public var declaredProtected: Bool
    /// Its `lifecycle:` line (or declaration) in the stack; nil when the stack no longer declares it.
    public var location: SourceLocation?

    public var description: String {
        let at = location.map { " (\($0))" } ?? ""
        let why = declaredProtected ? "lifecycle: protect: true"
            : "recorded on it as the tag secmon:protect=true by the last apply that declared protect: true"
        let head = "\(resource)\(at): \(kind) \"\(physicalID)\" is protected (\(why)), and this plan would "
        let lift = "remove protect: true from the stack and apply, "
        switch reason {
        case .destroyed:
            return head + "destroy it; nothing was done. To destroy it, first \(lift)then destroy; "
                + "to keep it when the stack is destroyed, add retain: true."
        case .removedFromStack:
            return head + "destroy it because it is no longer in the stack; nothing was done. To keep it, put it back in "
                + "the stack, or add retain: true to it there and apply before removing it (it is then released, not "
                + "destroyed); to delete it, put it back without protect: true, apply, then remove it."
        case .replaced(let causes):
            let forced = causes.isEmpty ? "its physical id changes"
                : "a change to \(causes.joined(separator: ", ")) cannot be made in place"
            let keep = causes.isEmpty ? "its name as it is" : causes.count == 1 ? "\(causes[0]) as it is" : "those properties as they are"
            return head + "replace it (destroy it and create a new one): \(forced); nothing was done. Keep \(keep), "
                + "or, to replace it, first \(lift)then make the change."
        }
    }
}
