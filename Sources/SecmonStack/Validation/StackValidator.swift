import SecmonCore

/// A parsed YAML tree -> `ValidatedStack`, collecting every problem (never stopping at the first).
struct StackValidator {
    static let topLevelKeys = ["stack", "region", "targets", "variables", "tags", "resources"]
    static let stackName = nameOf64(allowing: "-")
    static let logicalID = StringConstraints(
        minLength: 1, maxLength: 64,
        allowed: .lowercase(plus: "_"),
        rules: [StringRule("starts with a lowercase letter") { id in
            id.unicodeScalars.first.map { ("a"..."z").contains($0) } == true ? nil : "must start with a lowercase letter"
        }])
    static let variableName = nameOf64(allowing: "_")

    /// 1-64 letters, digits and `extra`.
    static func nameOf64(allowing extra: String) -> StringConstraints {
        StringConstraints(minLength: 1, maxLength: 64, allowed: .alphanumeric(plus: extra, "letters, digits and '\(extra)'"))
    }
    static let region = StringConstraints(
        minLength: 1, maxLength: 32,
        allowed: .lowercase(plus: "-"),
        rules: [StringRule("a region name such as `us-east-1`") { region in
            let parts = region.split(separator: "-", omittingEmptySubsequences: false)
            let ok = parts.count >= 3 && parts.last.map { !$0.isEmpty && $0.allSatisfy(\.isNumber) } == true
                && parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isLetter) }
            return ok ? nil : "is not a region name such as us-east-1"
        }])

    let file: String
    let bindings: VariableBindings
    let limits: YAMLLimits
    var diagnostics: [Diagnostic] = []

    init(file: String, bindings: VariableBindings, limits: YAMLLimits) {
        self.file = file
        self.bindings = bindings
        self.limits = limits
    }

    mutating func error(_ message: String, at location: SourceLocation?) {
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
        let declaredTargets = stackTargets(sections["targets"], scope: scope)

        var resources: [StackResource] = []
        for entry in declared {
            if let resource = validateResource(entry, scope: scope) { resources.append(resource) }
        }
        checkPhysicalNames(resources)
        checkTagCounts(resources, stackTags: tags ?? [:])
        checkTrailWiring(resources)
        checkCycles(resources)

        guard diagnostics.isEmpty, let name else { return nil }
        return ValidatedStack(file: file, name: name, region: region, variables: variables, tags: tags ?? [:],
                              resources: resources, targets: declaredTargets)
    }
}
