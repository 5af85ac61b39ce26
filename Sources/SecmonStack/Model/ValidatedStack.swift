import SecmonCore

/// A stack that passed validation: every property typed and within AWS's limits, every
/// reference known to resolve, `${var.x}` and `${stack.name}` already substituted.
public struct ValidatedStack: Sendable {
    /// The stack file as given (locations name it).
    public var file: String
    public var name: String
    public var region: String?
    /// Declared variables with the value each one ended up with.
    public var variables: [String: StackVariable]
    public var tags: [String: String]
    /// In file order.
    public var resources: [StackResource]
    /// `targets:`: the accounts (by role) and regions to plan and apply in; empty for the one
    /// account and region of the credentials.
    public var targets: [StackTarget]

    public init(file: String, name: String, region: String?, variables: [String: StackVariable],
                tags: [String: String], resources: [StackResource], targets: [StackTarget] = []) {
        self.targets = targets
        self.file = file
        self.name = name
        self.region = region
        self.variables = variables
        self.tags = tags
        self.resources = resources
    }

    public func resource(_ id: String) -> StackResource? { resources.first { $0.id == id } }

    /// The directory the stack file is in (`from_file` paths are relative to it).
    public var directory: String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return slash == file.startIndex ? "/" : String(file[..<slash])
    }
}

/// One entry under `resources:`.
public struct StackResource: Sendable {
    public var id: String
    public var kind: String
    /// Where `<id>:` is written.
    public var location: SourceLocation
    /// The properties the user wrote (defaults are not filled in), `depends_on` and `tests` excluded.
    public var properties: [String: StackProperty]
    /// `depends_on`, in the order written.
    public var dependsOn: [String]
    /// The raw `tests:` node (metric_filter and alarm), for the alerts module to interpret.
    public var tests: YAMLNode?
    /// `watch: true`: an existing resource the stack reads and never changes (only its identity
    /// properties are set).
    public var watched: Bool = false
    /// `lifecycle:` (retain, protect); empty when not given.
    public var lifecycle = ResourceLifecycle()
    /// Where `lifecycle:` is written, for messages about it.
    public var lifecycleLocation: SourceLocation?
    /// `shared_across_regions: true` (global kinds only): one resource for every region.
    public var sharedAcrossRegions: Bool = false

    public init(id: String, kind: String, location: SourceLocation, properties: [String: StackProperty],
                dependsOn: [String] = [], tests: YAMLNode? = nil) {
        self.id = id
        self.kind = kind
        self.location = location
        self.properties = properties
        self.dependsOn = dependsOn
        self.tests = tests
    }

    /// Logical ids this resource refers to through `${id.attr}` or `depends_on` (not `aws`).
    public var dependencies: Set<String> {
        var ids = Set(dependsOn)
        for property in properties.values {
            for ref in property.value.references where ref.resource != BuiltinReference.awsResource {
                ids.insert(ref.resource)
            }
        }
        return ids
    }
}

/// A property's value (references as `.template`) and where it was written.
public struct StackProperty: Sendable, Hashable {
    public var value: Value
    /// Where the key is written (`name:`).
    public var keyLocation: SourceLocation
    /// Where the value starts.
    public var valueLocation: SourceLocation
}

/// A declared variable.
public struct StackVariable: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var defaultValue: String?
    /// The value after `--var`, `--var-file` and the default; nil when unset.
    public var value: String?
    public var location: SourceLocation

    public init(name: String, description: String?, defaultValue: String?, value: String?, location: SourceLocation) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.value = value
        self.location = location
    }
}

/// Names of the built-in reference roots.
public enum BuiltinReference {
    /// `${aws.account_id}` etc. stay references to this pseudo-resource; the planner resolves them.
    public static let awsResource = "aws"
    public static let awsAttributes = ["account_id", "region", "partition"]
    public static let stackRoot = "stack"
    public static let variableRoot = "var"
    /// Logical ids that would shadow a built-in.
    public static let reservedIDs: Set<String> = [awsResource, stackRoot, variableRoot]
}
