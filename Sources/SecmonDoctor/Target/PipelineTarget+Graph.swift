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
        func one(_ kind: String) -> DesiredResource? {
            let all = resources.filter { $0.kind == kind }
            if all.count > 1 {
                notes.append("stack declares \(all.count) \(kind) resources; checking \(all[0].id)")
            }
            return all.first
        }
        let trail = one("trail")
        let logGroup = one("log_group")
        let filter = one("metric_filter")
        let alarm = one("alarm")
        let topic = one("topic")
        let subscriptions = resources.filter { $0.kind == "subscription" }.compactMap { sub -> Subscription? in
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
            expectedSubscriptions: subscriptions, notes: notes)
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
