import SecmonCore

/// Checks across resources: names that would collide in AWS, tag counts, reference cycles.
extension StackValidator {
    /// AWS allows 50 tags per resource in every service secmon uses; secmon adds two of its own.
    static let maxUserTags = 48

    private struct Identity: Hashable {
        var kind: String
        var values: [Value]
    }

    /// Two resources of one kind with the same identity (their name, for most kinds) would be
    /// the same AWS resource, and each apply would fight over it.
    mutating func checkPhysicalNames(_ resources: [StackResource]) {
        var seen: [Identity: StackResource] = [:]
        for resource in resources {
            guard let kind = KindSchema.named(resource.kind) else { continue }
            let properties = kind.identityProperties.compactMap { resource.properties[$0] }
            guard !properties.isEmpty, properties.count == kind.identityProperties.count else { continue }
            let identity = Identity(kind: kind.name, values: properties.map(\.value))
            guard let first = seen[identity] else {
                seen[identity] = resource
                continue
            }
            let location = resource.properties[kind.identityProperties.last ?? ""]?.valueLocation ?? resource.location
            let firstAt = "\(kind.name) '\(first.id)' (line \(first.location.line))"
            if kind.identityProperties == ["name"], let text = properties[0].value.interpolatedForMessage {
                error("\(kind.name) '\(resource.id)' has the same name '\(text)' as \(firstAt); both would be the same AWS resource",
                      at: location)
            } else {
                let names = kind.identityProperties
                let listed = names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
                error("\(kind.name) '\(resource.id)' has the same \(listed) as \(firstAt); both would be the same AWS resource",
                      at: location)
            }
        }
    }

    /// Stack-wide and resource tags together must fit AWS's limit, next to secmon's own two.
    mutating func checkTagCounts(_ resources: [StackResource], stackTags: [String: String]) {
        for resource in resources where KindSchema.named(resource.kind)?.taggable == true {
            let own = resource.properties["tags"]?.value.mapValue?.keys.map { $0 } ?? []
            let count = Set(stackTags.keys).union(own).count
            guard count > Self.maxUserTags else { continue }
            error("\(resource.kind) '\(resource.id)' would carry \(count) tags (stack-wide ones included); AWS allows 50, of which secmon uses 2",
                  at: resource.properties["tags"]?.keyLocation ?? resource.location)
        }
    }

    mutating func checkCycles(_ resources: [StackResource]) {
        var deps: [String: Set<String>] = [:]
        var rank: [String: Int] = [:]
        for (index, resource) in resources.enumerated() {
            deps[resource.id] = resource.dependencies
            rank[resource.id] = index
        }
        let locations = Dictionary(resources.map { ($0.id, $0.location) }, uniquingKeysWith: { first, _ in first })
        for cycle in DependencyOrder.cycles(deps, rank: { rank[$0] ?? Int.max }) {
            let location = locations[cycle[0]]
            error("reference cycle: \(cycle.joined(separator: " -> "))", at: location)
        }
    }
}

extension Value {
    /// A value as messages quote it: text as written, references as `${id.attr}`.
    var interpolatedForMessage: String? {
        switch self {
        case .template(let parts):
            return ValueConverter.shortened(parts.map { part -> String in
                switch part {
                case .literal(let s): return s
                case .reference(let r): return r.description
                }
            }.joined())
        default:
            return interpolated.map(ValueConverter.shortened)
        }
    }
}
