import SecmonCore

/// One resource the stack wants, with its properties as the stack states them (references still
/// in place as `.template` values: they are resolved by the planner and the executor).
public struct DesiredResource: Hashable, Sendable, Codable {
    /// The logical id: the key under `resources:` in the stack file.
    public var id: String
    /// The kind, e.g. "alarm".
    public var kind: String
    /// Properties by stack property name (snake_case), defaults not yet filled in.
    public var properties: [String: Value]
    /// Logical ids this resource references (the graph's edges, to its dependencies).
    public var dependencies: Set<String>
    /// The ids `depends_on` names: always ordered, whatever else references them. Nil in a graph
    /// made before it existed.
    public var declaredDependencies: Set<String>?
    /// Where the resource is declared, for messages.
    public var location: SourceLocation?
    /// The kind's write-only properties (a secret's `value`), each with the property whose
    /// change has it written again (`value_version`).
    public var writeOnlyVersions: [String: String]
    /// An existing resource the stack reads and never changes (`watch: true`).
    public var watched = false
    /// `lifecycle:`: keep it on removal and destroy, refuse plans that delete or replace it.
    public var lifecycle = ResourceLifecycle()
    /// Where `lifecycle:` is written, for messages about it.
    public var lifecycleLocation: SourceLocation?
    /// A global resource one stack shares across regions (`shared_across_regions: true`).
    public var sharedAcrossRegions = false

    public init(id: String, kind: String, properties: [String: Value], dependencies: Set<String>,
                location: SourceLocation? = nil, writeOnlyVersions: [String: String] = [:]) {
        self.id = id
        self.kind = kind
        self.properties = properties
        self.dependencies = dependencies
        self.location = location
        self.writeOnlyVersions = writeOnlyVersions
    }
}

/// The desired state: resources, edges and a deterministic topological order.
public struct DesiredGraph: Sendable, Codable {
    public var stackName: String
    public var region: String?
    /// Stack-wide tags, applied to every taggable resource.
    public var tags: [String: String]
    public var resources: [String: DesiredResource]
    /// Every id after all of its dependencies; ties broken by id, so output is stable.
    public var order: [String]

    public init(stackName: String, region: String?, tags: [String: String],
                resources: [String: DesiredResource], order: [String]) {
        self.stackName = stackName
        self.region = region
        self.tags = tags
        self.resources = resources
        self.order = order
    }
}
