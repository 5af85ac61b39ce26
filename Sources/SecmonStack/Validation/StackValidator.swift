import SecmonCore

/// A parsed YAML tree -> `ValidatedStack`, collecting every problem (never stopping at the first).
struct StackValidator {
    static let topLevelKeys = ["stack", "region", "variables", "tags", "resources"]
    static let stackName = StringConstraints(
        minLength: 1, maxLength: 64, allowed: .alphanumeric(plus: "-", "letters, digits and '-'"))
    static let logicalID = StringConstraints(
        minLength: 1, maxLength: 64,
        allowed: CharacterSetRule(ranges: ["a"..."z", "0"..."9"], extra: "_", description: "lowercase letters, digits and '_'"),
        rules: [StringRule("starts with a lowercase letter") { id in
            id.unicodeScalars.first.map { ("a"..."z").contains($0) } == true ? nil : "must start with a lowercase letter"
        }])
    static let variableName = StringConstraints(
        minLength: 1, maxLength: 64, allowed: .alphanumeric(plus: "_", "letters, digits and '_'"))
    static let region = StringConstraints(
        minLength: 1, maxLength: 32,
        allowed: CharacterSetRule(ranges: ["a"..."z", "0"..."9"], extra: "-", description: "lowercase letters, digits and '-'"),
        rules: [StringRule("a region name such as `us-east-1`") { region in
            let parts = region.split(separator: "-", omittingEmptySubsequences: false)
            let ok = parts.count >= 3 && parts.last.map { !$0.isEmpty && $0.allSatisfy(\.isNumber) } == true
                && parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isLetter) }
            return ok ? nil : "is not a region name such as us-east-1"
        }])

    let file: String
    let bindings: VariableBindings
    let limits: YAMLLimits
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, bindings: VariableBindings, limits: YAMLLimits) {
        self.file = file
        self.bindings = bindings
        self.limits = limits
    }

    private mutating func error(_ message: String, at location: SourceLocation?) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    mutating func validate(_ root: YAMLNode) -> ValidatedStack? {
        guard let pairs = root.mapping else {
            error("a stack file must be a map with 'stack' and 'resources' keys, not \(root.shapeDescription)", at: root.location)
            return nil
        }
        var sections: [String: YAMLPair] = [:]
        for pair in pairs {
            let key = pair.keyText ?? ""
            guard Self.topLevelKeys.contains(key) else {
                error("unknown top-level key '\(key)'" + Suggestion.didYouMean(key, among: Self.topLevelKeys), at: pair.key.location)
                continue
            }
            sections[key] = pair
        }

        let name = stackName(sections["stack"], root: root)
        let region = regionName(sections["region"])
        let variables = self.variables(sections["variables"])
        var scope = ReferenceScope(stackName: name ?? "", resources: [:], variables: variables)
        let declared = declaredResources(sections["resources"], root: root)
        scope.resources = Dictionary(declared.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let tags = stackTags(sections["tags"], scope: scope)

        var resources: [StackResource] = []
        for entry in declared {
            if let resource = validateResource(entry, scope: scope) { resources.append(resource) }
        }
        checkPhysicalNames(resources)
        checkCycles(resources)

        guard diagnostics.isEmpty, let name else { return nil }
        return ValidatedStack(file: file, name: name, region: region, variables: variables, tags: tags ?? [:], resources: resources)
    }

    // MARK: - Top-level sections

    private mutating func stackName(_ pair: YAMLPair?, root: YAMLNode) -> String? {
        guard let pair else {
            error("missing 'stack: <name>' at the top level (the stack's name, used to tag what it owns)", at: root.location)
            return nil
        }
        guard let scalar = pair.value.scalar, case .string(let name) = scalar.resolved else {
            error("stack must be a name, not \(pair.value.shapeDescription)", at: pair.value.location)
            return nil
        }
        let problems = Self.stackName.problems(with: name)
        for problem in problems { error("stack name '\(ValueConverter.shortened(name))' \(problem)", at: pair.value.location) }
        return problems.isEmpty ? name : nil
    }

    private mutating func regionName(_ pair: YAMLPair?) -> String? {
        guard let pair else { return nil }
        guard let scalar = pair.value.scalar, case .string(let region) = scalar.resolved else {
            error("region must be a region name such as us-east-1, not \(pair.value.shapeDescription)", at: pair.value.location)
            return nil
        }
        let problems = Self.region.problems(with: region)
        for problem in problems { error("region '\(ValueConverter.shortened(region))' \(problem)", at: pair.value.location) }
        return problems.isEmpty ? region : nil
    }

    private mutating func variables(_ pair: YAMLPair?) -> [String: StackVariable] {
        let (given, bindingProblems) = bindings.resolved(limits: limits)
        diagnostics += bindingProblems
        var out: [String: StackVariable] = [:]
        if let pair {
            if let entries = pair.value.mapping {
                for entry in entries {
                    if let variable = variable(entry, given: given) { out[variable.name] = variable }
                }
            } else if pair.value.scalar?.resolved != .null {
                error("variables must be a map of variable names, not \(pair.value.shapeDescription)", at: pair.value.location)
            }
        }
        for name in given.keys.sorted() where out[name] == nil {
            let origin = given[name]?.1
            error("\(origin == nil ? "--var " : "")'\(name)' sets a variable the stack does not declare"
                + Suggestion.didYouMean(name, among: Array(out.keys)), at: origin)
        }
        return out
    }

    private mutating func variable(_ entry: YAMLPair, given: [String: (String, SourceLocation?)]) -> StackVariable? {
        let name = entry.keyText ?? ""
        for problem in Self.variableName.problems(with: name) {
            error("variable name '\(ValueConverter.shortened(name))' \(problem)", at: entry.key.location)
        }
        var description: String?
        var defaultValue: String?
        if let fields = entry.value.mapping {
            for field in fields {
                let key = field.keyText ?? ""
                switch key {
                case "description":
                    if let s = field.value.scalar, case .string(let text) = s.resolved { description = text } else {
                        error("description of variable '\(name)' must be a string, not \(field.value.shapeDescription)", at: field.value.location)
                    }
                case "default":
                    if let s = field.value.scalar, s.resolved != .null { defaultValue = s.text } else {
                        error("default of variable '\(name)' must be a string, number or boolean, not \(field.value.shapeDescription)", at: field.value.location)
                    }
                default:
                    error("unknown key '\(key)' in variable '\(name)'" + Suggestion.didYouMean(key, among: ["description", "default"]),
                          at: field.key.location)
                }
            }
        } else if entry.value.scalar?.resolved != .null {
            error("variable '\(name)' must be a map with optional 'description' and 'default', not \(entry.value.shapeDescription)",
                  at: entry.value.location)
        }
        return StackVariable(name: name, description: description, defaultValue: defaultValue,
                             value: given[name]?.0 ?? defaultValue, location: entry.key.location)
    }

    private mutating func stackTags(_ pair: YAMLPair?, scope: ReferenceScope) -> [String: String]? {
        guard let pair else { return nil }
        var converter = ValueConverter(scope: scope)
        let value = converter.convert(pair.value, as: CommonProperties.tags.type, path: "tags", owner: "the stack")
        diagnostics += converter.diagnostics
        guard let map = value?.mapValue else { return nil }
        var tags: [String: String] = [:]
        for (key, v) in map {
            if let s = v.stringValue { tags[key] = s } else {
                error("stack-wide tag '\(key)' may use ${var.*} and ${stack.name} but not other references", at: pair.value.location)
            }
        }
        return tags
    }

    // MARK: - Resources

    struct DeclaredResource {
        var id: String
        var kind: KindSchema?
        var keyLocation: SourceLocation
        var body: [YAMLPair]
    }

    /// First pass: ids and kinds, so references can be checked in any order.
    private mutating func declaredResources(_ pair: YAMLPair?, root: YAMLNode) -> [DeclaredResource] {
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

    private mutating func kind(of id: String, body: [YAMLPair], at location: SourceLocation) -> KindSchema? {
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
    private mutating func validateResource(_ entry: DeclaredResource, scope: ReferenceScope) -> StackResource? {
        guard let kind = entry.kind else { return nil }
        let owner = "\(kind.name) '\(entry.id)'"
        let schemas = kind.allProperties
        var converter = ValueConverter(scope: scope)
        var properties: [String: StackProperty] = [:]
        var present: Set<String> = []
        var dependsOn: [String] = []
        var tests: YAMLNode?
        let errorsBefore = diagnostics.count
        for pair in entry.body {
            let key = pair.keyText ?? ""
            if key == "type" { continue }
            guard let schema = schemas.first(where: { $0.name == key }) else {
                let hint = key == "tags" ? " (a \(kind.name) takes no tags)" : Suggestion.didYouMean(key, among: schemas.map(\.name))
                error("unknown property '\(ValueConverter.shortened(key))' in \(owner)\(hint)", at: pair.key.location)
                continue
            }
            present.insert(key)
            switch key {
            case CommonProperties.tests.name:
                tests = pair.value
            case CommonProperties.dependsOn.name:
                dependsOn = dependencies(pair.value, of: entry.id, owner: owner, scope: scope)
            default:
                guard let value = converter.convert(pair.value, as: schema.type, path: key, owner: owner) else { continue }
                if let expectation = schema.references {
                    checkReference(value, expectation: expectation, path: key, owner: owner, at: pair.value.location, scope: scope)
                }
                properties[key] = StackProperty(value: value, keyLocation: pair.key.location, valueLocation: pair.value.location)
            }
        }
        diagnostics += converter.diagnostics
        for schema in schemas where schema.requirement.isRequired && !present.contains(schema.name) {
            error("\(owner) is missing required property '\(schema.name)'", at: entry.keyLocation)
        }
        // Cross-field rules need every property they look at to be valid; skip them otherwise
        // (the earlier error is the one to fix).
        if diagnostics.count == errorsBefore {
            let view = ResourceView(id: entry.id, kind: kind.name, location: entry.keyLocation, properties: properties)
            for rule in kind.rules { diagnostics += rule.check(view) }
        }
        return StackResource(id: entry.id, kind: kind.name, location: entry.keyLocation, properties: properties,
                             dependsOn: dependsOn, tests: tests)
    }

    private mutating func dependencies(_ node: YAMLNode, of id: String, owner: String, scope: ReferenceScope) -> [String] {
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
    private mutating func checkReference(_ value: Value, expectation: ReferenceExpectation, path: String, owner: String,
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

    // MARK: - Whole-stack checks

    /// Two resources of one kind with the same name would be the same AWS resource.
    private mutating func checkPhysicalNames(_ resources: [StackResource]) {
        var seen: [String: StackResource] = [:]
        for resource in resources {
            guard let property = KindSchema.named(resource.kind)?.physicalNameProperty,
                  let name = resource.properties[property], let text = name.value.stringValue else { continue }
            let key = "\(resource.kind)\u{0}\(text)"
            if let first = seen[key] {
                error("\(resource.kind) '\(resource.id)' has the same name '\(ValueConverter.shortened(text))' as \(resource.kind) '\(first.id)' (line \(first.location.line)); both would be the same AWS resource",
                      at: name.valueLocation)
            } else {
                seen[key] = resource
            }
        }
    }

    private mutating func checkCycles(_ resources: [StackResource]) {
        var deps: [String: Set<String>] = [:]
        var rank: [String: Int] = [:]
        for (index, resource) in resources.enumerated() {
            deps[resource.id] = resource.dependencies
            rank[resource.id] = index
        }
        for cycle in DependencyOrder.cycles(deps, rank: { rank[$0] ?? Int.max }) {
            let location = resources.first { $0.id == cycle[0] }?.location
            error("reference cycle: \(cycle.joined(separator: " -> "))", at: location)
        }
    }
}
