import SecmonCore

/// Resources: ids and kinds first (so references resolve in any order), then each one's properties.
extension StackValidator {
    struct DeclaredResource {
        var id: String
        var kind: KindSchema?
        var keyLocation: SourceLocation
        var body: [YAMLPair]
    }

    /// First pass: ids and kinds, so references can be checked in any order.
    mutating func declaredResources(_ pair: YAMLPair?, root: YAMLNode) -> [DeclaredResource] {
        guard let pair else {
            error("missing 'resources:' at the top level", at: root.location)
            return []
        }
        guard let entries = pair.value.mapping else {
            if pair.value.scalar?.resolved != .null {
                error("resources must be a map of logical ids to resources, not \(pair.value.shapeDescription)", at: pair.value.location)
            }
            return []
        }
        var out: [DeclaredResource] = []
        for entry in entries {
            let id = entry.keyText ?? ""
            for problem in Self.logicalID.problems(with: id) {
                error("logical id '\(ValueConverter.shortened(id))' \(problem)", at: entry.key.location)
            }
            if BuiltinReference.reservedIDs.contains(id) {
                error("logical id '\(id)' is reserved for ${\(id).…} references", at: entry.key.location)
            }
            guard let body = entry.value.mapping else {
                error("resource '\(id)' must be a map with 'type' and its properties, not \(entry.value.shapeDescription)", at: entry.value.location)
                out.append(DeclaredResource(id: id, kind: nil, keyLocation: entry.key.location, body: []))
                continue
            }
            out.append(DeclaredResource(id: id, kind: kind(of: id, body: body, at: entry.key.location),
                                        keyLocation: entry.key.location, body: body))
        }
        return out
    }

    mutating func kind(of id: String, body: [YAMLPair], at location: SourceLocation) -> KindSchema? {
        let kinds = KindSchema.all.map(\.name)
        guard let typePair = body.first(where: { $0.keyText == "type" }) else {
            error("resource '\(id)' has no 'type' (one of \(kinds.joined(separator: ", ")))", at: location)
            return nil
        }
        guard let scalar = typePair.value.scalar, case .string(let name) = scalar.resolved else {
            error("type of resource '\(id)' must be one of \(kinds.joined(separator: ", ")), not \(typePair.value.shapeDescription)",
                  at: typePair.value.location)
            return nil
        }
        guard let kind = KindSchema.named(name) else {
            error("unknown kind '\(ValueConverter.shortened(name))' for resource '\(id)'" + Suggestion.didYouMean(name, among: kinds)
                + " (kinds: \(kinds.joined(separator: ", ")))", at: typePair.value.location)
            return nil
        }
        return kind
    }

    /// Second pass: one resource's properties, references and cross-field rules.
    mutating func validateResource(_ entry: DeclaredResource, scope: ReferenceScope) -> StackResource? {
        guard let kind = entry.kind else { return nil }
        let owner = "\(kind.name) '\(entry.id)'"
        let schemas = kind.allProperties
        var converter = ValueConverter(scope: scope)
        var properties: [String: StackProperty] = [:]
        var present: Set<String> = []
        var dependsOn: [String] = []
        var tests: YAMLNode?
        var watched = false
        var lifecycle: (value: ResourceLifecycle, location: SourceLocation)?
        var shared = false
        let errorsBefore = diagnostics.count
        for pair in entry.body {
            let key = pair.keyText ?? ""
            if key == "type" { continue }
            guard let schema = schemas.first(where: { $0.name == key }) else {
                if key == CommonProperties.lifecycle.name {
                    error("\(owner) takes no lifecycle: a \(kind.name) carries no tags of its own (secmon owns it through "
                          + "its parent), so nothing could record the setting once it leaves the stack; remove it, "
                          + "and set lifecycle on its parent if that is what must be kept or protected", at: pair.key.location)
                    continue
                }
                let hint = key == "tags" ? " (a \(kind.name) takes no tags)"
                    : key == CommonProperties.sharedAcrossRegions.name
                    ? " (a \(kind.name) is separate in each region; only \(KindSchema.globalKinds.sorted().joined(separator: " and ")) names are global)"
                    : Suggestion.didYouMean(key, among: schemas.map(\.name))
                error("unknown property '\(ValueConverter.shortened(key))' in \(owner)\(hint)", at: pair.key.location)
                continue
            }
            present.insert(key)
            switch key {
            case CommonProperties.tests.name:
                tests = pair.value
            case CommonProperties.dependsOn.name:
                dependsOn = dependencies(pair.value, of: entry.id, owner: owner, scope: scope)
            case CommonProperties.watch.name:
                watched = converter.convert(pair.value, as: .boolean, path: key, owner: owner)?.boolValue ?? false
            case CommonProperties.lifecycle.name:
                if let value = converter.convert(pair.value, as: schema.type, path: key, owner: owner) {
                    lifecycle = (ResourceLifecycle(value: value), pair.key.location)
                }
            case CommonProperties.sharedAcrossRegions.name:
                shared = converter.convert(pair.value, as: .boolean, path: key, owner: owner)?.boolValue ?? false
            default:
                guard let value = converter.convert(pair.value, as: schema.type, path: key, owner: owner) else { continue }
                if let expectation = schema.references {
                    checkReference(value, expectation: expectation, path: key, owner: owner, at: pair.value.location, scope: scope)
                }
                properties[key] = StackProperty(value: value, keyLocation: pair.key.location, valueLocation: pair.value.location)
            }
        }
        diagnostics += converter.diagnostics
        // A watched resource is only found, never written: its identity is all it takes.
        let needed = watched ? schemas.filter { kind.identityProperties.contains($0.name) }
                             : schemas.filter { $0.requirement.isRequired }
        for schema in needed where !present.contains(schema.name) {
            error("\(owner) is missing required property '\(schema.name)'", at: entry.keyLocation)
        }
        if watched, let lifecycle {
            error("\(owner) is watched (watch: true): secmon never deletes or replaces it, so lifecycle does not apply; "
                  + "remove it", at: lifecycle.location)
        }
        if watched {
            let allowed = Set(kind.identityProperties + [CommonProperties.watch.name, CommonProperties.dependsOn.name])
            for (name, property) in properties.sorted(by: { $0.key < $1.key }) where !allowed.contains(name) {
                error("\(owner) is watched (watch: true): secmon never changes it, so it takes only "
                      + kind.identityProperties.joined(separator: ", ") + ", not '\(name)'", at: property.keyLocation)
            }
        }
        // Cross-field rules need every property they look at to be valid; skip them otherwise
        // (the earlier error is the one to fix). A watched resource sets none of them.
        if diagnostics.count == errorsBefore, !watched {
            let view = ResourceView(id: entry.id, kind: kind.name, location: entry.keyLocation, properties: properties)
            for rule in kind.rules { diagnostics += rule.check(view) }
        }
        var resource = StackResource(id: entry.id, kind: kind.name, location: entry.keyLocation, properties: properties,
                                     dependsOn: dependsOn, tests: tests)
        resource.watched = watched
        resource.lifecycle = lifecycle?.value ?? ResourceLifecycle()
        resource.lifecycleLocation = lifecycle?.location
        resource.sharedAcrossRegions = shared
        return resource
    }

    mutating func dependencies(_ node: YAMLNode, of id: String, owner: String, scope: ReferenceScope) -> [String] {
        guard let items = node.sequence else {
            error("depends_on of \(owner) must be a list of logical ids, not \(node.shapeDescription)", at: node.location)
            return []
        }
        var ids: [String] = []
        for item in items {
            guard let scalar = item.scalar, case .string(let target) = scalar.resolved else {
                error("depends_on of \(owner) must list logical ids, not \(item.shapeDescription)", at: item.location)
                continue
            }
            guard scope.resources[target] != nil else {
                error("depends_on of \(owner) names unknown resource '\(ValueConverter.shortened(target))'"
                    + Suggestion.didYouMean(target, among: Array(scope.resources.keys)), at: item.location)
                continue
            }
            ids.append(target)
        }
        return ids
    }

    /// A whole-value reference must point at the right kind and attribute (a trail's log_group
    /// wants the log group's ARN, not its name); some properties must be such a reference.
    mutating func checkReference(_ value: Value, expectation: ReferenceExpectation, path: String, owner: String,
                                         at location: SourceLocation, scope: ReferenceScope) {
        let wanted = "${<\(expectation.kind)>.\(expectation.attribute)}"
        guard case .template(let parts) = value, parts.count == 1, case .reference(let ref) = parts[0] else {
            if expectation.mandatory {
                error("\(path) of \(owner) must be a reference to a \(expectation.kind) in this stack, like \(wanted)", at: location)
            }
            return
        }
        guard let entry = scope.resources[ref.resource], let kind = entry else { return }
        if kind.name != expectation.kind {
            error("\(path) of \(owner) refers to \(kind.name) '\(ref.resource)', but needs a \(expectation.kind) (\(wanted))", at: location)
        } else if ref.attribute != expectation.attribute {
            error("\(path) of \(owner) needs the \(expectation.kind)'s \(expectation.attribute), not its \(ref.attribute): write ${\(ref.resource).\(expectation.attribute)}",
                  at: location)
        }
    }
}
