import SecmonCore
import SecmonStack

/// Properties the graph builder fills in from other resources, so drivers never need to look
/// across the graph themselves.
enum DerivedProperties {
    static func add(to resources: inout [String: DesiredResource], stack: ValidatedStack) {
        addTrailARNs(to: &resources)
        addAlarmMetrics(to: &resources)
    }

    /// A bucket that receives CloudTrail logs gets `trail_arns`: the ARN of every trail whose
    /// `bucket` names it, for the bucket policy's aws:SourceArn. Trail names are known
    /// statically, so this adds no edge from the bucket to the trails (which would be a cycle).
    static func addTrailARNs(to resources: inout [String: DesiredResource]) {
        let trails = resources.values.filter { $0.kind == KindSchema.trail.name }.sorted { $0.id < $1.id }
        for id in resources.keys.sorted() {
            guard let bucket = resources[id], bucket.kind == KindSchema.bucket.name,
                  bucket.properties["cloudtrail_delivery"]?.boolValue == true else { continue }
            let arns: [Value] = trails.compactMap { trail in
                guard let target = trail.properties["bucket"], let name = trail.properties["name"] else { return nil }
                let referencesBucket = target.references.contains { $0.resource == id }
                let namesBucket = target.stringValue != nil && target == bucket.properties["name"]
                guard referencesBucket || namesBucket else { return nil }
                return trailARN(named: name)
            }
            resources[id]?.properties["trail_arns"] = .list(arns)
        }
    }

    /// `arn:${aws.partition}:cloudtrail:${aws.region}:${aws.account_id}:trail/<name>`
    static func trailARN(named name: Value) -> Value {
        func aws(_ attribute: String) -> TemplatePart {
            .reference(AttributeReference(resource: BuiltinReference.awsResource, attribute: attribute))
        }
        var parts: [TemplatePart] = [.literal("arn:"), aws("partition"), .literal(":cloudtrail:"), aws("region"),
                                     .literal(":"), aws("account_id"), .literal(":trail/")]
        switch name {
        case .template(let nameParts): parts += nameParts
        default: parts.append(.literal(name.interpolated ?? ""))
        }
        var merged: [TemplatePart] = []
        for part in parts {
            if case .literal(let s) = part, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + s)
            } else {
                merged.append(part)
            }
        }
        return .template(merged)
    }

    /// An alarm on `${filter.name}` watches that filter's metric: copy its namespace and name.
    static func addAlarmMetrics(to resources: inout [String: DesiredResource]) {
        for id in resources.keys.sorted() {
            guard let alarm = resources[id], alarm.kind == KindSchema.alarm.name,
                  let reference = alarm.properties["metric_filter"]?.references.first,
                  let filter = resources[reference.resource], filter.kind == KindSchema.metricFilter.name else { continue }
            for key in ["metric_namespace", "metric_name"] {
                if let value = filter.properties[key] { resources[id]?.properties[key] = value }
            }
        }
    }
}
