import SecmonCore

/// Runs every lint over a stack's resources. Findings come sorted by resource id, then lint id,
/// so output is stable.
public enum StackLinter {
    public static func lint(_ resources: [LintResource]) -> [LintFinding] {
        let stack = LintedStack(resources)
        var findings: [LintFinding] = []
        findings += AlarmLints.run(stack)
        findings += TrailLints.run(stack)
        findings += PatternLints.run(stack)
        findings += TopicLints.run(stack)
        findings += EventRuleLints.run(stack)
        return findings.sorted { ($0.resource, $0.id.rawValue, $0.message) < ($1.resource, $1.id.rawValue, $1.message) }
    }
}

/// The resources with the lookups the lints share.
struct LintedStack {
    let byId: [String: LintResource]
    /// Where `${secret.read_pattern}` is built for, offline.
    let offline: OfflineAccount

    init(_ resources: [LintResource], offline: OfflineAccount = .example) {
        byId = Dictionary(resources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.offline = offline
    }

    func all(_ kind: String) -> [LintResource] {
        byId.values.filter { $0.kind == kind }.sorted { $0.id < $1.id }
    }

    func finding(_ id: LintID, on resource: LintResource, _ message: String, fix: String) -> LintFinding {
        LintFinding(id: id, resource: resource.id, message: message, fix: fix, location: resource.location)
    }

    /// The metric filter an alarm watches: through `metric_filter: ${f.name}`, or by matching
    /// literal namespace and metric names.
    func filter(watchedBy alarm: LintResource) -> LintResource? {
        if let id = alarm.referencedId("metric_filter"), let filter = byId[id], filter.kind == "metric_filter" { return filter }
        guard let namespace = alarm.string("metric_namespace"), let name = alarm.string("metric_name") else { return nil }
        return all("metric_filter").first { $0.string("metric_namespace") == namespace && $0.string("metric_name") == name }
    }

    /// The alarms watching a filter.
    func alarms(watching filter: LintResource) -> [LintResource] {
        all("alarm").filter { self.filter(watchedBy: $0)?.id == filter.id }
    }

    /// The parsed pattern and transformation of a filter; nil when invalid (validate reports it).
    func parsed(_ filter: LintResource) -> MetricFilter? {
        guard let source = patternText(filter), let pattern = try? FilterPattern(source) else { return nil }
        return try? MetricFilter(pattern: pattern, metricValue: filter.properties["metric_value"]?.interpolated ?? "1",
                                 defaultValue: filter.number("default_value"))
    }

    /// A filter's pattern text, with a stack secret's `${id.read_pattern}` built for the offline
    /// account; nil when it refers to anything else not known offline.
    func patternText(_ filter: LintResource) -> String? { offlineText(filter, "pattern") }

    /// A property's text with a stack secret's generated patterns (`${id.read_pattern}`,
    /// `${id.read_event_pattern}`) built for the offline account; nil when it refers to
    /// anything else not known offline.
    func offlineText(_ resource: LintResource, _ key: String) -> String? {
        guard let value = resource.properties[key] else { return nil }
        return value.resolved { reference in
            guard let identity = self.secretIdentity(reference.resource) else { return nil }
            return SecretReadPattern.pattern(attribute: reference.attribute, for: identity).map(Value.string)
        }.stringValue
    }

    /// The parsed event pattern of a rule; nil when invalid (validate reports it) or not known
    /// offline.
    func eventPattern(_ rule: LintResource) -> EventPattern? {
        offlineText(rule, "event_pattern").flatMap { try? EventPattern($0) }
    }

    /// The event targets of a rule.
    func targets(of rule: LintResource) -> [LintResource] {
        all("event_target").filter { $0.referencedId("rule") == rule.id }
    }

    /// The offline identity of the stack's secret `id`, when its name is known.
    func secretIdentity(_ id: String) -> SecretIdentity? {
        guard let secret = byId[id], secret.kind == "secret", let name = secret.string("name") else { return nil }
        return offline.secret(named: name)
    }
}
