import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// Where one property of a kind goes in AWS. Every property of the kind's schema (and every
/// property the mapping derives) has one; a test checks that against the schema and the
/// service model.
public enum PropertyMapping: Sendable, Hashable {
    /// Written as `member` (a dotted path into the input) of `operation`, and read back.
    case member(_ operation: String, _ member: String)
    /// Represented by a document secmon derives from it (a policy): compared through that
    /// document, not itself.
    case within(String)
    /// Tells the graph something (an alarm's `metric_filter`); neither sent nor compared.
    case notSent

    /// A kind's mapping from `members` (operation -> property -> member), the properties
    /// compared `within` a derived one, and those `notSent`.
    public static func table(_ members: [String: [String: String]], within: [String: String] = [:],
                             notSent: Set<String> = []) -> [String: PropertyMapping] {
        var out: [String: PropertyMapping] = [:]
        for (operation, properties) in members {
            for (property, member) in properties { out[property] = .member(operation, member) }
        }
        for (property, document) in within { out[property] = .within(document) }
        for property in notSent { out[property] = .notSent }
        return out
    }
}

/// One kind's AWS mapping: everything that differs between kinds, and nothing else.
///
/// The skeleton (`extension KindMapping`, below) is written once and makes every mapping a
/// `ResourceDriver`: it derives normalisation, defaults, the replace set and what is not
/// compared from the kind's schema (`SecmonStack/Kinds`), batches reads, puts every AWS error
/// into the resource's context, changes tags, diffs, and filters by ownership. A kind supplies
/// its schema, its property mapping, and the calls: read one (or a group), list the owned ones,
/// create, update, delete, and how its tags are written. Crossplane's generated controllers
/// with per-kind hooks are the model.
public protocol KindMapping: ResourceDriver {
    /// The kind's one declaration: properties, defaults, replace-on, write-only, limits.
    static var schema: KindSchema { get }
    /// The service the kind lives in (for `mapping`'s operations).
    static var service: AWSService { get }
    /// Where each property goes; see `PropertyMapping`.
    static var mapping: [String: PropertyMapping] { get }
    /// For a kind owned through its parent (no tags of its own): the parent's kind.
    static var ownedThrough: String? { get }
    /// Where the Resource Groups Tagging API lists the kind (nil: it does not, or not on every
    /// endpoint). A covered kind's ownership comes from the plan's `StackOwnership` index.
    static var taggingAPI: TaggingAPIScope? { get }
    /// Whether `read` finds the kind by name and takes ARNs from the replies, so that a plan
    /// reads it before the caller's account is known (see `ResourceDriver.readsWithoutAccount`).
    static var readsWithoutAccount: Bool { get }

    var client: any AWSCalling { get }
    var options: DriverOptions { get set }

    // MARK: Hooks with defaults

    /// Adds what the mapping derives from the normalised properties (generated documents,
    /// inputs the graph supplies) and adjusts values AWS spells differently. `given` is what the
    /// plan passed in.
    func derive(_ normalized: inout [String: Value], from given: [String: Value], context: DriverContext)

    /// The ARN a resource gets for `name`, when it follows from the name (nil: AWS assigns it).
    func arn(forName name: String, context: DriverContext) -> String?

    /// Changes beyond the properties (a secret scheduled for deletion), listed first.
    func pendingChanges(_ live: LiveResource) -> [PropertyChange]

    /// How `read` splits the ids asked for into calls: each group is read under its label.
    func readGroups(_ ids: [String]) -> [ReadGroup]

    /// Reads one group (by default: one id, through `readOne`).
    func readGroup(_ ids: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]

    /// Reads one resource; nil when it does not exist.
    func readOne(_ id: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource?

    /// The resources that may be owned (the skeleton keeps those owned). `known` holds what this
    /// plan already read of this kind, so per-resource tag reads need not be repeated.
    func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource]

    /// For a kind `ownedThrough` a parent: how its children name the parent (a name or an ARN).
    func parentScope(_ parent: LiveResource, context: DriverContext) -> String

    /// For a kind `ownedThrough` a parent: the children under it, owned by `owner`.
    func children(in scope: String, owner: String?, context: DriverContext) async throws -> [LiveResource]

    /// For a kind `ownedThrough` a parent, the read-many hook: every child in the account, by
    /// parent scope, in one paginated call (nil: the API has none). A plan uses it instead of a
    /// call per parent when it needs the children of more than `walkAfterParents` parents.
    func walkChildren(context: DriverContext) async throws -> [String: [LiveResource]]?

    /// The tags a resource should carry (default: its `tags` property).
    func desiredTags(_ a: PropertyAccess) throws -> [String: String]

    /// The tags it carries (default: its live `tags` property).
    func liveTags(_ live: LiveResource) -> [String: String]

    /// Writes tag changes to an existing resource. The default uses `tagWriting`.
    func writeTags(_ live: LiveResource, set: [String: String], remove: [String], all: [String: String],
                   context: DriverContext) async throws

    /// How tags are set and removed, for the default `writeTags`.
    var tagWriting: TagWriting? { get }

    /// The value naming the resource in `tagWriting`'s calls (default: its ARN).
    func tagTarget(_ live: LiveResource, context: DriverContext) -> String

    // MARK: The AWS calls

    /// Creates the resource from its normalised properties, tagged as owned in the same call
    /// wherever the API allows. Returns its attributes.
    func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value]

    /// Converges the resource's settings (not its tags: the skeleton writes those afterwards).
    func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]

    /// Deletes it; something already gone counts as deleted.
    func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome
}

/// A group of ids read together, and the name errors give it.
public struct ReadGroup: Sendable, Hashable {
    public var label: String
    public var ids: [String]
    public init(label: String, ids: [String]) {
        self.label = label
        self.ids = ids
    }
}

extension ReadGroup {
    /// Ids grouped under the parent each names (`parent` nil: the id is dropped), one group per
    /// parent, sorted by it: a kind owned through its parent reads a parent's children at once.
    static func byParent(_ ids: [String], _ parent: (String) -> String?) -> [ReadGroup] {
        Dictionary(grouping: ids, by: parent).compactMap { label, ids in label.map { ReadGroup(label: $0, ids: ids) } }
            .sorted { $0.label < $1.label }
    }
}

/// A kind whose one write call creates and replaces alike (PutMetricFilter, PutTargets):
/// `create` and `update` are both `put`.
public protocol PutKindMapping: KindMapping {
    func put(_ a: PropertyAccess) async throws -> [String: Value]
}

extension PutKindMapping {
    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        try await put(a)
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        try await put(a)
    }
}

/// How a service sets and removes tags on an existing resource.
public struct TagWriting: Sendable {
    public enum TagsShape: Sendable { case keyValueList, map }
    public enum KeysShape: Sendable { case strings, keyList }
    var add: String
    var remove: String
    /// The member naming the resource.
    var resource: String
    var tags = "Tags"
    var tagsShape = TagsShape.keyValueList
    var keys = "TagKeys"
    var keysShape = KeysShape.strings
}

/// More parents than this, and a plan lists a child kind in one walk of the whole account
/// (`walkChildren`) rather than one call per parent: the walk costs one call per page of the
/// account's children, so it is the cheaper while the account holds fewer than about this many
/// pages of them.
let walkAfterParents = 8

extension KindMapping {
    public var kind: String { Self.schema.name }
    public var isGlobal: Bool { Self.schema.isGlobal }
    public var isGlobalAcrossAccounts: Bool { Self.schema.isGlobalAcrossAccounts }
    public static var ownedThrough: String? { nil }
    public static var taggingAPI: TaggingAPIScope? { nil }
    public static var readsWithoutAccount: Bool { false }
    public var ownerKind: String? { Self.ownedThrough }

    public var readsWithoutAccount: Bool { Self.readsWithoutAccount }

    public func isValueOnly(_ property: String) -> Bool { Self.schema.property(property)?.valueOnly ?? false }

    /// A copy whose listings are shared by this plan's `read` and `listOwned` only.
    public func forPlan() -> any ResourceDriver {
        var copy = self
        copy.options.listings = PlanListings()
        return copy
    }

    public var replaceOn: Set<String> {
        Set(Self.schema.properties.filter { $0.change == .replace }.map(\.name))
    }

    /// Properties the diff leaves alone: delete-time and write-only ones, and those compared
    /// through a derived document.
    static var notCompared: Set<String> {
        var keys = Set(Self.schema.properties.filter { $0.change == .deleteTime || $0.change == .writeOnly }.map(\.name))
        for (key, mapping) in Self.mapping { if case .within = mapping { keys.insert(key) } }
        return keys
    }

    // MARK: Planning

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        var out: [String: Value] = [:]
        let sent = Self.schema.properties.filter { $0.change != .none && Self.mapping[$0.name] != .notSent }
        // Derived defaults name another property: fill those after the others.
        for property in sent where !property.hasDerivedDefault { out[property.name] = property.normalize(p[property.name], out) }
        for property in sent where property.hasDerivedDefault { out[property.name] = property.normalize(p[property.name], out) }
        if Self.schema.taggable {
            out["tags"] = Tags.desired(p["tags"], id: id, lifecycle: p[ResourceLifecycle.propertyKey], context: context)
        }
        derive(&out, from: p, context: context)
        return out
    }

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        p["name"]?.stringValue
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        guard let name = p["name"]?.stringValue else { return ["name": p["name"] ?? .unknown, "arn": .unknown] }
        return ["name": .string(name), "arn": arn(forName: name, context: context).map(Value.string) ?? .unknown]
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        pendingChanges(live) + PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn,
                                                    ignoring: Self.notCompared)
    }

    public func derive(_ normalized: inout [String: Value], from given: [String: Value], context: DriverContext) {}
    public func arn(forName name: String, context: DriverContext) -> String? { nil }
    public func pendingChanges(_ live: LiveResource) -> [PropertyChange] { [] }

    // MARK: Reading

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        let groups = readGroups(physicalIDs)
        if Self.ownedThrough != nil { walkIfWorthIt(parents: groups.count, context: context) }
        let found = try await concurrentMap(groups, limit: options.concurrency) { group in
            try await withResourceContext(kind: kind, name: group.label, action: "read") {
                try await readGroup(group.ids, hints: hints, context: context)
            }
        }
        return Dictionary(found.flatMap { $0 }.map { ($0.physicalID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func readGroups(_ ids: [String]) -> [ReadGroup] { ids.map { ReadGroup(label: $0, ids: [$0]) } }

    public func readGroup(_ ids: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        var found: [LiveResource] = []
        for id in ids {
            if let live = try await readOne(id, hint: hints[id], context: context) { found.append(live) }
        }
        return found
    }

    public func readOne(_ id: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? { nil }

    public func listOwned(context: DriverContext, parents: [LiveResource], known: [String: LiveResource]) async throws
        -> [LiveResource]
    {
        if let parentKind = Self.ownedThrough {
            let scopes = parents.filter { $0.kind == parentKind && context.owns($0) }
                .map { parentScope($0, context: context) }
            walkIfWorthIt(parents: scopes.count, context: context)
            let perParent = try await concurrentMap(scopes, limit: options.concurrency) { scope in
                try await withResourceContext(kind: kind, name: scope, action: "list") {
                    try await listedChildren(in: scope, context: context).map { child in
                        var child = child
                        child.ownerStack = context.stackName
                        return child
                    }
                }
            }
            return perParent.flatMap { $0 }
        }
        return try await withResourceContext(kind: kind, name: "*", action: "list") {
            if let owned = try await indexedOwned(context: context, known: known) { return owned }
            return try await listCandidates(context: context, known: known).filter(context.owns)
        }
    }

    /// The owned resources the plan's ownership index lists: those this plan read already,
    /// and the others read now (in batches, their tags from the index): no call at all for a
    /// converged stack, and nothing about other stacks' resources. Nil when the kind is not
    /// covered or the index is unavailable.
    private func indexedOwned(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource]? {
        guard let scope = Self.taggingAPI,
              let owned = try await options.ownership?.owned(by: context.stackName, in: scope) else { return nil }
        let ids = Set(owned.keys.compactMap(scope.physicalID(fromARN:)))
        let unread = ids.filter { known[$0] == nil }.sorted()
        let read = unread.isEmpty ? [:] : try await read(unread, hints: [:], context: context)
        return (ids.compactMap { known[$0] } + read.values).filter(context.owns)
    }

    /// `body`'s reply, asked once per plan under `key` (outside a plan, every time).
    func oncePerPlan(_ key: String, _ body: @escaping @Sendable () async throws -> AWSValue) async throws -> AWSValue {
        guard let listings = options.listings else { return try await body() }
        return try await listings.reply(key, body)
    }

    /// Starts `oncePerPlan(key, body)` without waiting for it (outside a plan: nothing): a
    /// listing the orphan search needs later goes out beside the read instead of after it.
    func prefetchOncePerPlan(_ key: String, _ body: @escaping @Sendable () async throws -> AWSValue) {
        options.listings?.prefetch(key, body)
    }

    /// The children under `scope` (their owner not yet set), listed once per plan: from the
    /// plan's walk when it made one, else one `children` call per scope, shared by `read` and
    /// `listOwned`. Outside a plan, always a call.
    func listedChildren(in scope: String, context: DriverContext) async throws -> [LiveResource] {
        guard let listings = options.listings else { return try await children(in: scope, owner: nil, context: context) }
        if let walk = listings.walked, let all = try await walk.value { return all[scope] ?? [] }
        return try await listings.children(of: scope) { try await children(in: scope, owner: nil, context: context) }
    }

    /// A walk's answer by parent: each item of `items` under the parent its `parentMember` names.
    func byParent(_ items: [AWSValue], parentMember: String, _ live: (AWSValue, String) -> LiveResource)
        -> [String: [LiveResource]]
    {
        var out: [String: [LiveResource]] = [:]
        for item in items {
            guard let parent = item[parentMember].string else { continue }
            out[parent, default: []].append(live(item, parent))
        }
        return out
    }

    /// Starts this plan's walk of every child when `parents` calls would cost more.
    private func walkIfWorthIt(parents: Int, context: DriverContext) {
        guard parents > walkAfterParents, let listings = options.listings else { return }
        listings.startWalk {
            try await withResourceContext(kind: kind, name: "*", action: "list") {
                do {
                    return try await walkChildren(context: context)
                } catch let error as AWSError where error.refusesOptionalCall {
                    return nil  // a policy without the walk's action: one call per parent instead
                }
            }
        }
    }

    /// The tags of the parent `arn`, which name its owner (stack, region, target;
    /// `LiveResource.ownedThroughParent`): from the plan's ownership index when it lists the
    /// parent, else `read`, one call.
    func parentOwner(_ arn: String, context: DriverContext, orRead read: () async throws -> [String: String]?)
        async throws -> [String: String]?
    {
        try await tags(of: arn, context: context, orRead: read)
    }

    /// A resource's tags: from the plan's ownership index when it lists the resource (no
    /// call), else through `read`, one call: a resource another stack or nobody owns is read on
    /// its own, so that a conflict names its owner.
    func tags(of arn: String, context: DriverContext, orRead read: () async throws -> [String: String]?) async throws
        -> [String: String]?
    {
        if let tags = try await indexedTags(of: arn, context: context) { return tags }
        return try await read()
    }

    /// The tags the plan's ownership index holds for `arn`; nil when it does not list it.
    func indexedTags(of arn: String, context: DriverContext) async throws -> [String: String]? {
        guard let ownership = options.ownership else { return nil }
        return try await ownership.owned(by: context.stackName)?[arn]
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] { [] }
    public func parentScope(_ parent: LiveResource, context: DriverContext) -> String { parent.physicalID }
    public func children(in scope: String, owner: String?, context: DriverContext) async throws -> [LiveResource] { [] }
    public func walkChildren(context: DriverContext) async throws -> [String: [LiveResource]]? { nil }

    // MARK: Writing

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: "create", properties: p)
        return try await withResourceContext(kind: kind, name: physicalID(of: p, context: context) ?? a.name, action: "create") {
            try await create(a, id: id, context: context)
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: live.physicalID, action: "update", properties: p)
        return try await withResourceContext(kind: kind, name: live.physicalID, action: "update") {
            let attributes = try await update(a, live: live, changes: changes, context: context)
            if Self.schema.taggable {
                let desired = try desiredTags(a)
                let change = Tags.changes(live: liveTags(live), desired: desired)
                if !change.set.isEmpty || !change.remove.isEmpty {
                    try await writeTags(live, set: change.set, remove: change.remove, all: desired, context: context)
                }
            }
            return attributes
        }
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
            try await remove(live, context: context)
        }
    }

    /// Removes every secmon tag (ownership, lifecycle, a secret's value version) and leaves
    /// the rest, the resource itself included, as it is.
    public func release(_ live: LiveResource, context: DriverContext) async throws {
        try await withResourceContext(kind: kind, name: live.physicalID, action: "release") {
            let tags = liveTags(live)
            let remove = OwnershipTag.released(tags)
            guard !remove.isEmpty else { return }
            _ = try await nilIfNotFound {
                try await writeTags(live, set: [:], remove: remove, all: tags.filter { !remove.contains($0.key) },
                                    context: context)
            }
        }
    }

    // MARK: Tags

    public func desiredTags(_ a: PropertyAccess) throws -> [String: String] { try a.stringMap("tags") }
    public func liveTags(_ live: LiveResource) -> [String: String] { Tags.live(live) }
    public var tagWriting: TagWriting? { nil }

    public func tagTarget(_ live: LiveResource, context: DriverContext) -> String {
        live.attributes["arn"]?.stringValue ?? arn(forName: live.physicalID, context: context) ?? live.physicalID
    }

    public func writeTags(_ live: LiveResource, set: [String: String], remove: [String], all: [String: String],
                          context: DriverContext) async throws
    {
        guard let w = tagWriting else { return }
        let target = AWSValue.string(tagTarget(live, context: context))
        if !set.isEmpty {
            let tags = w.tagsShape == .map ? Tags.toMap(set) : Tags.toList(set)
            _ = try await client.call(Self.service, w.add, [w.resource: target, w.tags: tags])
        }
        if !remove.isEmpty {
            let keys: AWSValue = .list(remove.map { w.keysShape == .strings ? .string($0) : ["Key": .string($0)] })
            _ = try await client.call(Self.service, w.remove, [w.resource: target, w.keys: keys])
        }
    }
}

extension PropertySchema {
    var hasDerivedDefault: Bool { if case .derivedDefault = requirement { return true } else { return false } }

    /// The desired value in the shape `read` gives live values: the schema's default filled,
    /// types coerced, unordered lists sorted. `earlier` holds the properties normalised so far
    /// (a derived default names one of them).
    func normalize(_ given: Value?, _ earlier: [String: Value]) -> Value {
        let fallback: Value
        switch requirement {
        case .defaultValue(let value): fallback = value
        case .derivedDefault(let other): fallback = earlier[other] ?? .null
        case .required, .optional: fallback = .null
        }
        switch type {
        case .string, .enumeration:
            if case .optional = requirement { return Normalize.optionalString(given) }
            return Normalize.string(given, default: fallback)
        case .integer: return Normalize.int(given, default: fallback)
        case .number: return Normalize.number(given, default: fallback)
        case .boolean:
            guard let fallback = fallback.boolValue else { return given ?? .null }
            return Normalize.bool(given, default: fallback)
        case .list:
            guard let given, given != .null else { return Normalize.unorderedList(fallback) }
            return Normalize.unorderedList(given)
        case .stringMap, .object, .any:
            return given ?? fallback
        }
    }
}
