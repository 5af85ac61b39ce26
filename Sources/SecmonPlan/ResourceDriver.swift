import SecmonCore

/// What a driver needs to know about where and for whom it works. Plain data: the planner and
/// executor pass it through without looking inside.
public struct DriverContext: Sendable, Codable, Hashable {
    public var stackName: String
    public var accountID: String
    public var region: String
    public var partition: String
    /// Stack-wide tags to merge into every taggable resource's tags.
    public var stackTags: [String: String]
    /// The id of the stack's target this context plans for (`StackTarget.id`, recorded as the
    /// `secmon:target` tag); nil for a stack without `targets:` (the default target).
    public var target: String?
    public init(stackName: String, accountID: String, region: String, partition: String = "aws",
                stackTags: [String: String] = [:], target: String? = nil) {
        self.stackName = stackName
        self.accountID = accountID
        self.region = region
        self.partition = partition
        self.stackTags = stackTags
        self.target = target
    }
}

extension DriverContext {
    /// What a context holds for the account id and partition before the caller's identity is
    /// known (see `Planner.identity`). Never sent: a value containing it is not known yet.
    public static let pending = "{pending-identity}"

    /// This context with the account id and partition not yet known.
    public var pendingIdentity: DriverContext {
        var context = self
        context.accountID = Self.pending
        context.partition = Self.pending
        return context
    }
}

/// A resource as it exists in the account, normalised to the shape of the desired properties
/// (defaults filled, policies as JSON values, tags as a map) so that a converged stack diffs
/// to nothing.
public struct LiveResource: Sendable, Codable, Hashable {
    public var kind: String
    /// What identifies it to its service (a name for most kinds, an ARN for subscriptions).
    public var physicalID: String
    /// Properties in desired-state shape, by stack property name.
    public var properties: [String: Value]
    /// Attributes others may reference (`arn`, `name`, ...).
    public var attributes: [String: Value]
    /// The stack that owns it (its `secmon:stack` tag, or its parent's), nil if nobody's.
    public var ownerStack: String?
    /// The logical id it was created for (its `secmon:id` tag), when known.
    public var logicalID: String?
    /// The lifecycle controls recorded on it by the apply that last wrote it (nil: none, or a
    /// kind that records none). They decide for a resource the stack no longer declares.
    public var lifecycle: ResourceLifecycle?
    /// The region whose plans manage it (its `secmon:region` tag); nil when it carries none
    /// (made before secmon wrote the tag, or owned through a parent).
    public var ownerRegion: String?
    /// The target of the stack whose plans manage it (its `secmon:target` tag); nil when it
    /// carries none: the default target (a stack without `targets:`, or made before secmon
    /// wrote the tag).
    public var ownerTarget: String?

    public init(kind: String, physicalID: String, properties: [String: Value], attributes: [String: Value],
                ownerStack: String?, logicalID: String? = nil, ownerRegion: String? = nil,
                lifecycle: ResourceLifecycle? = nil, ownerTarget: String? = nil) {
        self.kind = kind
        self.physicalID = physicalID
        self.properties = properties
        self.attributes = attributes
        self.ownerStack = ownerStack
        self.logicalID = logicalID
        self.ownerRegion = ownerRegion
        self.lifecycle = lifecycle
        self.ownerTarget = ownerTarget
    }
}

extension DriverContext {
    /// Whether plans in this context manage `live`: it belongs to this stack, to this region
    /// (or names no region: made before secmon wrote the region tag) and to this target. A
    /// global resource (an IAM role, a bucket name) the same stack manages from another region
    /// is not this region's to change or delete, nor is a resource another target manages
    /// (two roles into one account). A resource naming no target belongs to the default
    /// target: a stack without `targets:` owns it, and so does the stack's one target in its
    /// account and region (validation allows no second), which then tags it, in place.
    public func owns(_ live: LiveResource) -> Bool {
        live.ownerStack == stackName && (live.ownerRegion == nil || live.ownerRegion == region)
            && (live.ownerTarget == nil || live.ownerTarget == target)
    }
}

/// One kind's external client, Crossplane style: observe, create, update, delete. The planner
/// and executor work only through this protocol and never name a service.
public protocol ResourceDriver: Sendable {
    /// The stack kind this driver serves, e.g. "alarm".
    var kind: String { get }

    /// Properties whose change cannot be made in place and forces a replacement.
    var replaceOn: Set<String> { get }

    /// Whether the kind's names are global (IAM roles; bucket names): one resource serves
    /// every region, so a plan in one region can find what another region's plan made.
    var isGlobal: Bool { get }

    /// Whether its names are unique across every account as well (bucket names): two targets
    /// in different accounts cannot each make one of the same name.
    var isGlobalAcrossAccounts: Bool { get }

    /// The desired properties with defaults filled and values normalised exactly as `read`
    /// normalises live ones. `properties` are resolved as far as the plan knows them. The
    /// planner passes the declared lifecycle controls under `ResourceLifecycle.propertyKey`
    /// (when any is set): the driver records them on the resource as part of its desired
    /// state, so that `read` gives them back in `LiveResource.lifecycle`.
    func normalize(_ properties: [String: Value], id: String, context: DriverContext) -> [String: Value]

    /// The physical id the resource will have (e.g. its name). Nil when it cannot be known yet.
    func physicalID(of properties: [String: Value], context: DriverContext) -> String?

    /// Attributes that can be known before the resource exists (an ARN built from a name);
    /// `.unknown` for those AWS assigns.
    func plannedAttributes(of properties: [String: Value], context: DriverContext) -> [String: Value]

    /// Reads many resources at once, batched where the API allows. Missing ones are absent
    /// from the result. `hints` carries, per physical id, the desired properties (a child kind
    /// needs its parent's name to find it).
    func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]

    /// Every resource of this kind the stack owns, to find orphans. `parents` holds the live
    /// resources read of `ownerKind` (child kinds are owned through their parents);
    /// `known` what this plan has already read of this kind, by physical id, so that a driver
    /// reading each resource's tags one call at a time does not read the same one twice.
    func listOwned(context: DriverContext, parents: [LiveResource], known: [String: LiveResource]) async throws
        -> [LiveResource]

    /// For a kind owned through a parent kind (its resources are found under the parent's):
    /// that kind. Its `listOwned` is given the parents read, and starts once they are.
    var ownerKind: String? { get }

    /// Whether `read` works before the caller's identity is known, given a context whose
    /// account id and partition are `DriverContext.pending`: it builds no ARN from the context
    /// (it finds resources by name and takes their ARNs from the replies) and reads no hint
    /// that derives from the account. Such a kind's reads go out beside the identity call.
    var readsWithoutAccount: Bool { get }

    /// Whether `property`'s references need not exist for it to be written (the kind schema's
    /// `valueOnly`): apply orders no step by such a reference whose value the plan knows.
    func isValueOnly(_ property: String) -> Bool

    /// The driver to use for one plan: what a plan's reads of the kind learn (a listing that
    /// both `read` and `listOwned` need) is kept for that plan only, never for later calls.
    func forPlan() -> any ResourceDriver

    /// The per-property differences between live and desired (both normalised).
    func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange]

    /// Creates the resource, tagged as owned in the same call wherever the API allows. Returns
    /// its attributes.
    func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value]

    /// Converges an existing resource to `properties`. Returns its attributes.
    func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                context: DriverContext) async throws -> [String: Value]

    /// Deletes the resource. Deleting something already gone succeeds.
    func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome

    /// Releases a resource the stack keeps (`lifecycle: retain`): removes every mark of
    /// secmon's ownership and lifecycle controls, and nothing else, so no stack owns it any
    /// more. Releasing something already gone succeeds.
    func release(_ live: LiveResource, context: DriverContext) async throws
}

/// What a delete did, for the summary (e.g. a secret is only scheduled for deletion).
public struct DeleteOutcome: Sendable, Codable, Hashable {
    public var note: String?
    public init(note: String? = nil) { self.note = note }
}

/// One property's difference.
public struct PropertyChange: Sendable, Codable, Hashable {
    /// Dotted path from the resource, e.g. "threshold" or "tags.owner".
    public var path: String
    public var old: Value?
    public var new: Value?
    public var forcesReplacement: Bool
    public init(path: String, old: Value?, new: Value?, forcesReplacement: Bool = false) {
        self.path = path
        self.old = old
        self.new = new
        self.forcesReplacement = forcesReplacement
    }
}

extension ResourceDriver {
    public var ownerKind: String? { nil }
    public var readsWithoutAccount: Bool { false }
    public func isValueOnly(_ property: String) -> Bool { false }
    public func forPlan() -> any ResourceDriver { self }
    public var isGlobal: Bool { false }
    public var isGlobalAcrossAccounts: Bool { false }

    /// `listOwned` with nothing read yet.
    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        try await listOwned(context: context, parents: parents, known: [:])
    }
}
