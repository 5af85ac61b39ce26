import SecmonCore

/// What `plan` decided: plain data that can be rendered, saved, reloaded and applied later.
/// It never holds a secret value (a `.sensitive` value is only a marker).
public struct Plan: Sendable, Codable, Hashable {
    public var stackName: String
    public var mode: PlanMode
    /// Where the plan was made; an apply elsewhere must be refused.
    public var context: DriverContext
    /// Every resource the plan considered, no-ops included: desired ones in the graph's
    /// topological order, then deletions of owned resources the stack no longer declares.
    public var actions: [PlannedAction]

    public init(stackName: String, mode: PlanMode, context: DriverContext, actions: [PlannedAction]) {
        self.stackName = stackName
        self.mode = mode
        self.context = context
        self.actions = actions
    }

    public var summary: PlanSummary { PlanSummary(actions) }
    /// Whether applying would call AWS at all.
    public var hasChanges: Bool { actions.contains { $0.action.changes } }
    public func action(_ address: String) -> PlannedAction? { actions.first { $0.address == address } }
}

public enum PlanMode: String, Sendable, Codable, Hashable {
    /// Converge the account to the stack.
    case apply
    /// Delete everything the stack owns.
    case destroy
}

public enum ActionKind: String, Sendable, Codable, Hashable, CaseIterable {
    case create, update, replace, delete, adopt, noop
    /// A watched resource (`watch: true`), or a global one shared across regions and managed
    /// from another region: found and read, never changed.
    case read
    /// A retained resource (`lifecycle: retain`) removed from the stack or destroyed: kept, its
    /// ownership tags removed, so that no stack owns it any more.
    case release

    /// Whether applying it calls AWS.
    public var changes: Bool { self != .noop && self != .read }
}

/// For a replacement: which half runs first. AWS names are unique, so a replacement that keeps
/// its physical id must delete the old resource before creating the new one; one that changes
/// it creates the new one first, so dependents can switch over before the old one goes.
public enum ReplacementOrder: String, Sendable, Codable, Hashable {
    case deleteThenCreate = "delete_then_create"
    case createThenDelete = "create_then_delete"
}

/// What the planner saw at one physical id, to refuse a stale saved plan.
public struct Observation: Sendable, Codable, Hashable {
    public var kind: String
    public var physicalID: String
    /// `LiveResource.fingerprint` of what was there; nil when nothing was.
    public var fingerprint: String?
    /// What to pass as `read` hints to look at it again.
    public var hints: [String: Value]
    public init(kind: String, physicalID: String, fingerprint: String?, hints: [String: Value]) {
        self.kind = kind
        self.physicalID = physicalID
        self.fingerprint = fingerprint
        self.hints = hints
    }
}

/// One resource's decision.
public struct PlannedAction: Sendable, Codable, Hashable {
    /// Unique in the plan: the logical id, or for an orphan its recorded logical id (with kind and
    /// physical id appended if that is taken).
    public var address: String
    public var kind: String
    public var action: ActionKind
    /// The physical id the resource has or will have; nil when AWS assigns it.
    public var physicalID: String?
    /// Desired properties, normalised by the driver and resolved as far as the plan knows them;
    /// empty for a delete.
    public var properties: [String: Value]
    /// Attributes known before apply (from the live resource or the driver's planned ones).
    public var attributes: [String: Value]
    /// The live resource this action starts from (updated, adopted, replaced or deleted).
    public var live: LiveResource?
    /// Per-property differences (empty for create and delete).
    public var changes: [PropertyChange]
    /// Addresses of resources this one depends on: the stack's edges, and for resources that
    /// exist, references found in their live properties (so an orphan is deleted only after
    /// whatever still points at it has moved on).
    public var dependencies: [String]
    /// The dependencies this resource names only in value-only properties
    /// (`ResourceDriver.isValueOnly`), their values known at plan time: its steps need not wait
    /// for theirs, nor their deletion for its steps. Nil when there are none, and in plans saved
    /// before it existed (everything is then ordered).
    public var valueOnlyDependencies: [String]?
    public var replacementOrder: ReplacementOrder?
    public var observations: [Observation]
    /// For each write-only property of the resource (a secret's `value`): whether this action
    /// writes it, keeps what is there, or leaves it unmanaged. Nil for kinds without any, and
    /// in plans saved before it existed.
    public var writeOnly: [String: WriteOnlyValue]?
    /// For a `read` of a global resource the stack shares across regions
    /// (`shared_across_regions: true`): the region that manages it. Nil otherwise.
    public var sharedFromRegion: String?

    public init(address: String, kind: String, action: ActionKind, physicalID: String?,
                properties: [String: Value] = [:], attributes: [String: Value] = [:], live: LiveResource? = nil,
                changes: [PropertyChange] = [], dependencies: [String] = [],
                replacementOrder: ReplacementOrder? = nil, observations: [Observation] = []) {
        self.address = address
        self.kind = kind
        self.action = action
        self.physicalID = physicalID
        self.properties = properties
        self.attributes = attributes
        self.live = live
        self.changes = changes
        self.dependencies = dependencies
        self.replacementOrder = replacementOrder
        self.observations = observations
    }

    /// The write-only properties this action writes, sorted: their sources are read at apply.
    public var writtenValues: [String] { (writeOnly ?? [:]).filter { $0.value == .written }.keys.sorted() }

    /// The properties whose change forces the replacement.
    public var replacementCauses: [String] { changes.filter(\.forcesReplacement).map(\.path) }
}

/// What an action does with a write-only value (a secret's), which the plan can never show.
public enum WriteOnlyValue: String, Sendable, Codable, Hashable {
    /// Read from its source and sent to AWS (on create, or because its version changed).
    case written
    /// Left as it is in AWS (nothing changed that would write it; or the resource is adopted).
    case kept
    /// The stack names no source: secmon never writes it.
    case unmanaged = "not_managed"
}

/// Counts in Terraform's terms: a replacement is one add and one destroy; an adoption counts
/// on its own (and not as a change, even when it brings the resource's settings in line), and
/// so does a release (Terraform's "forget").
public struct PlanSummary: Sendable, Codable, Hashable {
    public var add = 0
    public var change = 0
    public var destroy = 0
    public var adopt = 0
    public var release = 0
    public init(add: Int = 0, change: Int = 0, destroy: Int = 0, adopt: Int = 0, release: Int = 0) {
        self.add = add
        self.change = change
        self.destroy = destroy
        self.adopt = adopt
        self.release = release
    }
    public init(_ actions: [PlannedAction]) {
        for a in actions {
            switch a.action {
            case .create: add += 1
            case .update: change += 1
            case .replace: add += 1; destroy += 1
            case .delete: destroy += 1
            case .adopt: adopt += 1
            case .release: release += 1
            case .noop, .read: break
            }
        }
    }
    public var isEmpty: Bool { add == 0 && change == 0 && destroy == 0 && adopt == 0 && release == 0 }
}
