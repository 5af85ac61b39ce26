import SecmonCore

/// The top-level sections: stack name, region, variables, stack-wide tags.
extension StackValidator {
    mutating func stackName(_ pair: YAMLPair?, root: YAMLNode) -> String? {
        guard let pair else {
            error("missing 'stack: <name>' at the top level (the stack's name, used to tag what it owns)", at: root.location)
            return nil
        }
        return checkedName(pair, "stack", expected: "a name", label: "stack name", Self.stackName)
    }

    mutating func regionName(_ pair: YAMLPair?) -> String? {
        guard let pair else { return nil }
        return checkedName(pair, "region", expected: "a region name such as us-east-1", label: "region", Self.region)
    }

    /// A scalar string that meets `constraints`; every problem reported at the value.
    private mutating func checkedName(_ pair: YAMLPair, _ key: String, expected: String, label: String,
                                      _ constraints: StringConstraints) -> String? {
        guard let scalar = pair.value.scalar, case .string(let name) = scalar.resolved else {
            error("\(key) must be \(expected), not \(pair.value.shapeDescription)", at: pair.value.location)
            return nil
        }
        let problems = constraints.problems(with: name)
        for problem in problems { error("\(label) '\(ValueConverter.shortened(name))' \(problem)", at: pair.value.location) }
        return problems.isEmpty ? name : nil
    }

    mutating func variables(_ pair: YAMLPair?) -> [String: StackVariable] {
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

    mutating func variable(_ entry: YAMLPair, given: [String: (String, SourceLocation?)]) -> StackVariable? {
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
        let value = given[name]?.0 ?? defaultValue
        if value == nil {
            error("variable '\(name)' has no value: pass --var \(name)=... or --var-file, or give it a default", at: entry.key.location)
        }
        return StackVariable(name: name, description: description, defaultValue: defaultValue,
                             value: value, location: entry.key.location)
    }

    mutating func stackTags(_ pair: YAMLPair?, scope: ReferenceScope) -> [String: String]? {
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
}
