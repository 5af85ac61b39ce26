import SecmonCore

/// How a change to a property reaches AWS.
public enum ChangeBehavior: String, Sendable, CaseIterable {
    /// Changed in place.
    case update
    /// A change forces a new resource (delete + create).
    case replace
    /// Not compared; used only when the resource is deleted.
    case deleteTime = "delete-time"
    /// Written, never read back (a secret's value).
    case writeOnly = "write-only"
    /// Not sent to AWS at all (`depends_on`, `tests`).
    case none = "-"
}

/// Whether a property must be given, and what it means when it is not.
public enum Requirement: Sendable {
    case required
    case optional
    /// The value used when the property is absent.
    case defaultValue(Value)
    /// A default that depends on other properties, described for people.
    case derivedDefault(String)

    public var isRequired: Bool { if case .required = self { return true } else { return false } }
}

/// One property of a kind (or of a nested object).
public struct PropertySchema: Sendable {
    public var name: String
    public var type: PropertyType
    public var requirement: Requirement
    public var change: ChangeBehavior
    public var description: String
    /// When the value is a whole `${id.attr}` reference, what it should point at.
    public var references: ReferenceExpectation?
    /// For a write-only property: the property whose change has it written again (a secret's
    /// `value` is written when `value_version` changes).
    public var versionProperty: String?
    /// Whether the resources this property references need not exist for it to be written: it
    /// only carries their names or ARNs as text (a log group's ARN in a role's policy) or is not
    /// sent at all (an alarm's `metric_filter`). Apply then orders nothing by such a reference
    /// once its value is known at plan time: writing this resource waits for none of them, and
    /// deleting them waits for nothing of this one.
    public var valueOnly: Bool

    public init(_ name: String, _ type: PropertyType, _ requirement: Requirement = .optional,
                change: ChangeBehavior = .update, _ description: String, references: ReferenceExpectation? = nil,
                versionProperty: String? = nil, valueOnly: Bool = false) {
        self.name = name
        self.type = type
        self.requirement = requirement
        self.change = change
        self.description = description
        self.references = references
        self.versionProperty = versionProperty
        self.valueOnly = valueOnly
    }

    public var defaultValue: Value? { if case .defaultValue(let v) = requirement { return v } else { return nil } }

    /// A kind's `name`: a required string whose change replaces the resource.
    public static func name(_ constraints: StringConstraints, _ description: String) -> PropertySchema {
        PropertySchema("name", .string(constraints), .required, change: .replace, description)
    }
}

/// What a whole-value reference in a property should point at, e.g. a trail's `log_group` wants
/// `${<log_group>.arn}`, not its name.
public struct ReferenceExpectation: Sendable {
    public var kind: String
    public var attribute: String
    /// The value must be such a reference (an alarm's `metric_filter`).
    public var mandatory: Bool
}
