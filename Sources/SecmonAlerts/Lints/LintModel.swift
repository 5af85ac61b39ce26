import SecmonCore
import SecmonStack

/// A resource as the linter sees it: the stack's kind and properties (KINDS.md names, defaults
/// not filled in, references still `.template` values). `validate` builds these from the
/// desired graph; keeping our own type leaves SecmonAlerts independent of SecmonGraph.
public struct LintResource: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var properties: [String: Value]
    public var location: SourceLocation?

    public init(id: String, kind: String, properties: [String: Value], location: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.properties = properties
        self.location = location
    }

    func string(_ key: String) -> String? { properties[key]?.stringValue }
    func bool(_ key: String) -> Bool? { properties[key]?.boolValue }
    func number(_ key: String) -> Double? { properties[key]?.doubleValue ?? properties[key]?.stringValue.flatMap(Double.init) }
    func int(_ key: String) -> Int? { properties[key]?.intValue }
    /// The logical id a property references (`${trail_logs.arn}` -> "trail_logs").
    func referencedId(_ key: String) -> String? { properties[key]?.references.first?.resource }
    func referencedIds(_ key: String) -> [String] { properties[key]?.references.map(\.resource) ?? [] }
    func has(_ key: String) -> Bool { properties[key] != nil && properties[key] != .null }

    /// The property as written, else its kind schema's default (the one place defaults live).
    func setting(_ key: String) -> Value? {
        has(key) ? properties[key] : KindSchema.all.first { $0.name == kind }?.property(key)?.defaultValue
    }
}

/// Stable lint identifiers; each has a section in docs/lints.md.
public enum LintID: String, Sendable, Hashable, CaseIterable {
    case alarmStatisticUnreachable = "SM101"
    case alarmCountsEveryEvent = "SM102"
    case alarmWatchesNoFilter = "SM103"
    case alarmWithoutAction = "SM104"
    case sparseMetricMissingData = "SM105"
    case trailMissesReadEvents = "SM106"
    case trailNotLogging = "SM107"
    case trailSingleRegion = "SM108"
    case filterLogGroupWithoutTrail = "SM109"
    case patternSingleSecretIdForm = "SM110"
    case unknownEventName = "SM111"
    case topicAWSManagedKey = "SM112"
    case topicBlocksAlarmPublish = "SM113"
    case patternSecretIdWildcard = "SM114"
    case ruleMissesReadOnlyEvents = "SM115"
    case topicBlocksRulePublish = "SM116"
    case ruleWithoutTarget = "SM117"

    /// The short name used in docs/lints.md headings.
    public var name: String {
        switch self {
        case .alarmStatisticUnreachable: return "alarm-statistic-unreachable"
        case .alarmCountsEveryEvent: return "alarm-counts-every-event"
        case .alarmWatchesNoFilter: return "alarm-watches-no-filter"
        case .alarmWithoutAction: return "alarm-without-action"
        case .sparseMetricMissingData: return "sparse-metric-missing-data"
        case .trailMissesReadEvents: return "trail-misses-read-events"
        case .trailNotLogging: return "trail-not-logging"
        case .trailSingleRegion: return "trail-single-region"
        case .filterLogGroupWithoutTrail: return "filter-log-group-without-trail"
        case .patternSingleSecretIdForm: return "pattern-single-secret-id-form"
        case .unknownEventName: return "unknown-event-name"
        case .topicAWSManagedKey: return "topic-aws-managed-key"
        case .topicBlocksAlarmPublish: return "topic-blocks-alarm-publish"
        case .patternSecretIdWildcard: return "pattern-secret-id-wildcard"
        case .ruleMissesReadOnlyEvents: return "rule-misses-read-only-events"
        case .topicBlocksRulePublish: return "topic-blocks-rule-publish"
        case .ruleWithoutTarget: return "rule-without-target"
        }
    }
}

/// One finding: what is wrong, naming the resources, and how to fix it.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    public var id: LintID
    /// The resource the finding is reported on (its location is used).
    public var resource: String
    public var message: String
    public var fix: String
    public var location: SourceLocation?

    public var description: String { "\(resource): \(message) (\(fix)) [\(id.rawValue)]" }

    /// As a `validate` warning (or error under `--strict`).
    public func diagnostic(strict: Bool = false) -> Diagnostic {
        Diagnostic(strict ? .error : .warning, "\(message); \(fix)", at: location, id: id.rawValue)
    }
}
