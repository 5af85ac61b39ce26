import SecmonCore

/// Wiring between resources that AWS would refuse at apply time (CreateTrail checks the bucket
/// policy, the topic policy and the delivery role up front), reported now instead.
extension StackValidator {
    mutating func checkTrailWiring(_ resources: [StackResource]) {
        let byID = Dictionary(resources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func target(_ property: StackProperty?, kind: String) -> StackResource? {
            guard let ref = property?.value.wholeReference, let resource = byID[ref.resource], resource.kind == kind else { return nil }
            return resource
        }
        for trail in resources where trail.kind == KindSchema.trail.name {
            let label = "trail '\(trail.id)'"
            if let bucketProperty = trail.properties["bucket"], let bucket = target(bucketProperty, kind: KindSchema.bucket.name),
               bucket.properties["cloudtrail_delivery"]?.value.boolValue != true {
                error("\(label) delivers to bucket '\(bucket.id)', which does not set cloudtrail_delivery: true, so CloudTrail may not write to it",
                      at: bucketProperty.valueLocation)
            }
            if let topicProperty = trail.properties["sns_topic"], let topic = target(topicProperty, kind: KindSchema.topic.name) {
                let allowed = topic.properties["allow_publish_from"]?.value.listValue ?? [.string("cloudwatch")]
                if !allowed.contains(.string("cloudtrail")) {
                    error("\(label) notifies topic '\(topic.id)', whose allow_publish_from does not include cloudtrail, so CloudTrail may not publish to it",
                          at: topicProperty.valueLocation)
                }
            }
            if let roleProperty = trail.properties["role"], let role = target(roleProperty, kind: KindSchema.role.name) {
                checkDeliveryRole(role, of: trail, at: roleProperty.valueLocation, target: target)
            }
        }
    }

    private mutating func checkDeliveryRole(_ role: StackResource, of trail: StackResource, at location: SourceLocation,
                                            target: (StackProperty?, String) -> StackResource?) {
        let label = "trail '\(trail.id)'"
        if let service = role.properties["trusted_service"]?.value.stringValue, service != "cloudtrail.amazonaws.com" {
            error("\(label) delivers through role '\(role.id)', which trusts \(service), not cloudtrail.amazonaws.com", at: location)
            return
        }
        // Hand-written statements may grant the log group access; only the shorthand is checkable.
        guard role.properties["policy"] == nil, let group = target(trail.properties["log_group"], KindSchema.logGroup.name) else { return }
        if target(role.properties["allow_cloudtrail_logs"], KindSchema.logGroup.name)?.id != group.id {
            error("\(label) delivers to log group '\(group.id)' through role '\(role.id)', which does not allow it: set allow_cloudtrail_logs: ${\(group.id).arn} on the role",
                  at: location)
        }
    }
}

extension Value {
    /// The reference when the whole value is exactly one `${id.attr}`.
    var wholeReference: AttributeReference? {
        guard case .template(let parts) = self, parts.count == 1, case .reference(let ref) = parts[0] else { return nil }
        return ref
    }
}
