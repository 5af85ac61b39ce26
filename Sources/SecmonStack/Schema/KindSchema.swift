import SecmonCore

/// Everything the stack language knows about one kind: its properties, the attributes others
/// may reference, whether it takes tags, and rules that span several properties.
public struct KindSchema: Sendable {
    public var name: String
    public var summary: String
    /// The kind's own properties; `tags` (when taggable) and `depends_on` are added by `allProperties`.
    public var properties: [PropertySchema]
    public var taggable: Bool
    /// Attributes `${id.attr}` may name.
    public var attributes: [String]
    /// Those of `attributes` that are ARNs: the only ones an ARN-typed property accepts.
    public var arnAttributes: Set<String> { Set(attributes.filter { $0 == "arn" }) }
    /// The properties that together identify the resource in AWS (its name, for most kinds):
    /// two resources of a kind with equal values here would be the same AWS resource.
    public var identityProperties: [String]
    public var rules: [CrossFieldRule]

    public init(name: String, summary: String, taggable: Bool, attributes: [String] = ["name", "arn"],
                identityProperties: [String] = ["name"], properties: [PropertySchema], rules: [CrossFieldRule] = []) {
        self.name = name
        self.summary = summary
        self.taggable = taggable
        self.attributes = attributes
        self.identityProperties = identityProperties
        self.properties = properties
        self.rules = rules
    }

    /// Properties including the ones every kind shares.
    public var allProperties: [PropertySchema] {
        var all = properties
        if taggable { all.append(CommonProperties.tags) }
        if isWatchable { all.append(CommonProperties.watch) }
        if taggable { all.append(CommonProperties.lifecycle) }
        if isGlobal { all.append(CommonProperties.sharedAcrossRegions) }
        all.append(CommonProperties.dependsOn)
        return all
    }

    /// Kinds a stack may watch without owning (`watch: true`): the ones a pipeline starts from
    /// and that often exist already.
    public static let watchableKinds: Set<String> = ["secret", "trail", "log_group", "topic"]
    public var isWatchable: Bool { Self.watchableKinds.contains(name) }

    /// Kinds whose names are global, not per region: IAM roles (IAM is global) and buckets
    /// (S3 bucket names are unique across all regions). A stack applied in several regions
    /// names them per region, or shares them on purpose (`shared_across_regions: true`).
    public static let globalKinds: Set<String> = ["role", "bucket"]
    public var isGlobal: Bool { Self.globalKinds.contains(name) }
    /// Global kinds whose names are unique across every account too (S3 bucket names): two
    /// accounts cannot each have one of the same name.
    public static let globalAcrossAccountsKinds: Set<String> = ["bucket"]
    public var isGlobalAcrossAccounts: Bool { Self.globalAcrossAccountsKinds.contains(name) }

    public func property(_ name: String) -> PropertySchema? { allProperties.first { $0.name == name } }
}

/// Properties shared by several kinds.
public enum CommonProperties {
    /// AWS tag limits (the same for every service secmon uses): keys 1-128, values 0-256.
    public static let tagKey = StringConstraints(
        minLength: 1, maxLength: 128,
        rules: [StringRule("may not start with `secmon:` or `aws:` (reserved)") { key in
            if key.hasPrefix("secmon:") { return "starts with 'secmon:', which secmon reserves for its own tags" }
            if key.lowercased().hasPrefix("aws:") { return "starts with 'aws:', which AWS reserves" }
            return nil
        }])
    public static let tagValue = StringConstraints(minLength: 0, maxLength: 256)

    public static let tags = PropertySchema(
        "tags", .stringMap(key: tagKey, value: tagValue), .optional,
        "Tags, merged over the stack-wide tags. secmon adds `secmon:stack`, `secmon:id`, `secmon:region` and, for a target of `targets:`, `secmon:target` itself.")

    public static let watch = PropertySchema(
        "watch", .boolean, .defaultValue(.bool(false)), change: .none,
        "An existing resource this stack reads but does not own: found by `name` (the only other property it takes), required to exist at plan time, shown as \"read\" in the plan, checked by doctor, and never changed, tagged or deleted.")

    /// Lifecycle controls, on every kind that carries tags (a kind without tags has nowhere to
    /// record them; the validator says so when it is given them).
    public static let lifecycle = PropertySchema(
        "lifecycle", .object(ObjectSchema(name: "lifecycle controls", properties: [
            PropertySchema("retain", .boolean, .defaultValue(.bool(false)), change: .none,
                "When the resource is removed from the stack or the stack is destroyed, keep it: secmon removes its own tags (releases it) instead of deleting it."),
            PropertySchema("protect", .boolean, .defaultValue(.bool(false)), change: .none,
                "Refuse, before anything is written, any plan that would delete or replace it (destroy, removal from the stack, a change that forces replacement)."),
        ])), .optional, change: .none,
        "`retain` and `protect` (docs/stacks.md, Lifecycle controls). Recorded on the resource as `secmon:retain` / `secmon:protect` tags, so they still hold once it is removed from the stack.")
    public static let sharedAcrossRegions = PropertySchema(
        "shared_across_regions", .boolean, .defaultValue(.bool(false)), change: .none,
        "For a kind whose names are global (role, bucket) in a stack applied in several regions: one resource serves every region. The region that creates it manages it; the others read it, never change or delete it, and refuse to plan if they declare it differently. Without it, a plan in a second region that finds the resource made by the same stack from another region stops before any write: name it per region instead, e.g. `name: ${stack.name}-trail-${aws.region}`.")

    public static let dependsOn = PropertySchema(
        "depends_on", .list(.string(.any), maxItems: nil), .optional, change: .none,
        "Logical ids this resource must come after, in addition to those it references.")

    /// Raw YAML for the alerts module (issue 6); not validated here.
    public static let tests = PropertySchema(
        "tests", .any, .optional, change: .none,
        "Sample events and expectations for `secmon test` (owned by the alerts module; not validated here).")
}

/// A rule spanning several properties of one resource, e.g. "role is required with log_group".
public struct CrossFieldRule: Sendable {
    /// For the docs.
    public var summary: String
    public var check: @Sendable (ResourceView) -> [Diagnostic]

    public init(_ summary: String, check: @escaping @Sendable (ResourceView) -> [Diagnostic]) {
        self.summary = summary
        self.check = check
    }
}

/// What a cross-field rule sees: the values the user wrote, with their locations.
public struct ResourceView: Sendable {
    public var id: String
    public var kind: String
    public var location: SourceLocation
    public var properties: [String: StackProperty]

    public func value(_ name: String) -> Value? { properties[name]?.value }
    public func has(_ name: String) -> Bool { properties[name] != nil }
    public func location(of name: String) -> SourceLocation { properties[name]?.keyLocation ?? location }

    /// "alarm 'secret_read_alarm'"
    public var label: String { "\(kind) '\(id)'" }

    public func error(_ message: String, at property: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: property.map { location(of: $0) } ?? location)
    }
}
