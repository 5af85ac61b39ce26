import SecmonCore
import SecmonGraph

/// Why a stack cannot be turned into a pipeline description.
public struct PipelineTargetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension PipelineTarget {
    /// The pipeline a stack declares. Names are read from the resources' `name` properties;
    /// references between resources (`${trail_logs.name}`) are followed to the referenced
    /// resource's name, since every name in a stack is static.
    ///
    /// - Parameter secret: picks one secret when the stack declares several (by name or id).
    public init(graph: DesiredGraph, secret: String? = nil) throws {
        let resources = graph.order.compactMap { graph.resources[$0] }
        let secrets = resources.filter { $0.kind == "secret" }
        let chosen: DesiredResource
        if let secret {
            guard let match = secrets.first(where: { $0.id == secret || Self.name(of: $0, in: graph) == secret }) else {
                throw PipelineTargetError("stack \(graph.stackName) declares no secret named \(secret)")
            }
            chosen = match
        } else {
            guard let first = secrets.first else {
                throw PipelineTargetError("stack \(graph.stackName) declares no secret: doctor needs one to check")
            }
            chosen = first
        }
        guard let secretName = Self.name(of: chosen, in: graph) else {
            throw PipelineTargetError("the name of secret \(chosen.id) is not a plain string")
        }
        var notes: [String] = []
        // The chain of the chosen secret: its filter, the alarm on that filter, the topic the
        // alarm notifies and that topic's subscriptions, the filter's log group and the trail
        // delivering to it. With several secrets in a stack, taking the first of each kind
        // would check one secret against another's chain.
        func one(_ kind: String, linkedBy linked: (DesiredResource) -> Bool = { _ in true }) -> DesiredResource? {
            let all = resources.filter { $0.kind == kind }
            let candidates = all.count > 1 ? all.filter(linked) : all
            if candidates.count > 1 {
                notes.append("stack declares \(candidates.count) \(kind) resources for secret \(chosen.id); checking \(candidates[0].id)")
            } else if candidates.isEmpty, let first = all.first {
                notes.append("no \(kind) of the stack is linked to secret \(chosen.id); checking \(first.id)")
                return first
            }
            return candidates.first
        }
        let filter = one("metric_filter") { filter in
            let pattern = filter.properties["pattern"]
            if Self.refers(pattern, to: chosen.id, attribute: SecretReadPattern.attribute) { return true }
            return pattern?.stringValue?.contains(secretName) == true
        }
        let alarm = one("alarm") { alarm in
            guard let filter else { return false }
            if Self.refers(alarm.properties["metric_filter"], to: filter.id) { return true }
            return alarm.properties["metric_name"] != nil && alarm.properties["metric_name"] == filter.properties["metric_name"]
                && alarm.properties["metric_namespace"] == filter.properties["metric_namespace"]
        }
        let topic = one("topic") { topic in alarm.map { Self.refers($0.properties["alarm_actions"], to: topic.id) } ?? false }
        let logGroup = one("log_group") { group in filter.map { Self.refers($0.properties["log_group"], to: group.id) } ?? false }
        let trail = one("trail") { trail in logGroup.map { Self.refers(trail.properties["log_group"], to: $0.id) } ?? false }
        let rules = resources.filter { $0.kind == "event_rule" }
        let linkedRules = rules.filter { Self.refers($0.properties["event_pattern"], to: chosen.id, attribute: SecretReadPattern.eventAttribute) }
        let rule = (linkedRules.isEmpty && rules.count == 1 ? rules : linkedRules).first
        let topicSubscriptions = resources.filter { $0.kind == "subscription" }
        let linkedSubscriptions = topicSubscriptions.filter { sub in topic.map { Self.refers(sub.properties["topic"], to: $0.id) } ?? false }
        let subscriptions = (linkedSubscriptions.isEmpty ? topicSubscriptions : linkedSubscriptions).compactMap { sub -> Subscription? in
            guard let proto = Self.plain(sub.properties["protocol"], in: graph),
                  let endpoint = Self.plain(sub.properties["endpoint"], in: graph) else { return nil }
            return Subscription(protocol: proto, endpoint: endpoint)
        }
        self.init(
            origin: .stack(graph.stackName), secret: secretName,
            trailName: trail.flatMap { Self.name(of: $0, in: graph) },
            logGroupName: logGroup.flatMap { Self.name(of: $0, in: graph) },
            metricFilterName: filter.flatMap { Self.name(of: $0, in: graph) },
            alarmName: alarm.flatMap { Self.name(of: $0, in: graph) },
            topic: topic.flatMap { Self.name(of: $0, in: graph) },
            eventRuleName: rule.flatMap { Self.name(of: $0, in: graph) },
            expectedSubscriptions: subscriptions, notes: notes)
    }

    /// Every chain a stack declares, to check each apart: one target per secret whose reads a
    /// metric filter or an event rule of the stack watches (`${id.read_pattern}`,
    /// `${id.read_event_pattern}`, or a hand-written pattern naming the secret), in stack order.
    /// A stack watching one secret gives that secret's chain, one watching none the one target
    /// `init(graph:)` builds.
    public static func all(graph: DesiredGraph) throws -> [PipelineTarget] {
        let resources = graph.order.compactMap { graph.resources[$0] }
        let watched = resources.filter { $0.kind == "secret" }.filter { secret in
            let name = Self.name(of: secret, in: graph)
            return resources.contains { resource in
                switch resource.kind {
                case "metric_filter":
                    let pattern = resource.properties["pattern"]
                    return refers(pattern, to: secret.id, attribute: SecretReadPattern.attribute)
                        || (name.map { pattern?.stringValue?.contains($0) == true } ?? false)
                case "event_rule":
                    return refers(resource.properties["event_pattern"], to: secret.id, attribute: SecretReadPattern.eventAttribute)
                default:
                    return false
                }
            }
        }
        guard !watched.isEmpty else { return [try PipelineTarget(graph: graph)] }
        return try watched.map { try PipelineTarget(graph: graph, secret: $0.id) }
    }

    /// Whether `value` references resource `id` (through `attribute`, when given).
    private static func refers(_ value: Value?, to id: String, attribute: String? = nil) -> Bool {
        (value?.references ?? []).contains { $0.resource == id && (attribute == nil || $0.attribute == attribute) }
    }

    private static func name(of resource: DesiredResource, in graph: DesiredGraph) -> String? {
        plain(resource.properties["name"], in: graph)
    }

    /// A property as a plain string: literal, or a template whose references are all
    /// `${id.name}` of resources with literal names. Anything else (`${aws.account_id}`, an ARN
    /// attribute) is not knowable offline and gives nil.
    private static func plain(_ value: Value?, in graph: DesiredGraph, depth: Int = 0) -> String? {
        guard let value, depth < 8 else { return nil }
        let resolved = value.resolved { ref in
            guard ref.attribute == "name", let target = graph.resources[ref.resource],
                  let name = plain(target.properties["name"], in: graph, depth: depth + 1) else { return nil }
            return .string(name)
        }
        return resolved.stringValue
    }
}
