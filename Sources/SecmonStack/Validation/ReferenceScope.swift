import SecmonCore

/// What `${...}` may name while a stack is validated: the stack's resources (with their kinds),
/// its variables (with their values) and the built-ins.
struct ReferenceScope {
    var stackName: String
    /// Every declared logical id; the kind is nil when the resource's `type` is itself wrong
    /// (references to it are then not checked further, to avoid a cascade of errors).
    var resources: [String: KindSchema?]
    var variables: [String: StackVariable]

    /// Resolves the references in `text`. Variables and the stack name become literal text;
    /// resources and `aws` stay references. Problems are sentence fragments about the text; the
    /// value is nil when there are problems or a variable without a value is used.
    func resolve(_ text: String) -> (value: Value?, problems: [ReferenceProblem]) {
        let parts: [TemplateParser.Part]
        switch TemplateParser.parse(text) {
        case .failure(let error): return (nil, [ReferenceProblem(message: error.message, offset: error.offset)])
        case .success(let p): parts = p
        }
        var out: [TemplatePart] = []
        var problems: [ReferenceProblem] = []
        var unusable = false
        for part in parts {
            switch part {
            case .literal(let s):
                out.append(.literal(s))
            case .reference(let root, let attribute, let offset):
                let written = "${\(root).\(attribute)}"
                func problem(_ message: String) { problems.append(ReferenceProblem(message: message, offset: offset)) }
                switch root {
                case BuiltinReference.variableRoot:
                    guard let variable = variables[attribute] else {
                        problem("refers to undeclared variable '\(attribute)' in \(written)"
                            + Suggestion.didYouMean(attribute, among: Array(variables.keys)))
                        continue
                    }
                    guard let value = variable.value else {
                        // Reported once, where the variable is declared; the value is unusable here.
                        unusable = true
                        continue
                    }
                    out.append(.literal(value))
                case BuiltinReference.stackRoot:
                    guard attribute == "name" else {
                        problem("refers to unknown stack attribute '\(attribute)' in \(written); only ${stack.name} exists")
                        continue
                    }
                    out.append(.literal(stackName))
                case BuiltinReference.awsResource:
                    guard BuiltinReference.awsAttributes.contains(attribute) else {
                        problem("refers to unknown attribute '\(attribute)' in \(written); aws has "
                            + BuiltinReference.awsAttributes.joined(separator: ", ")
                            + Suggestion.didYouMean(attribute, among: BuiltinReference.awsAttributes, listOtherwise: false))
                        continue
                    }
                    out.append(.reference(AttributeReference(resource: root, attribute: attribute)))
                default:
                    guard let entry = resources[root] else {
                        problem("refers to unknown resource '\(root)' in \(written)"
                            + Suggestion.didYouMean(root, among: Array(resources.keys) + ["aws", "var", "stack"]))
                        continue
                    }
                    if let kind = entry, !kind.attributes.contains(attribute) {
                        problem("refers to attribute '\(attribute)' of \(kind.name) '\(root)' in \(written), but a \(kind.name) has only "
                            + kind.attributes.joined(separator: ", ")
                            + Suggestion.didYouMean(attribute, among: kind.attributes, listOtherwise: false))
                        continue
                    }
                    out.append(.reference(AttributeReference(resource: root, attribute: attribute)))
                }
            }
        }
        guard problems.isEmpty, !unusable else { return (nil, problems) }
        return (Self.value(of: out), [])
    }

    /// Adjacent literals merged; all-literal templates become plain strings.
    static func value(of parts: [TemplatePart]) -> Value {
        var merged: [TemplatePart] = []
        for part in parts {
            if case .literal(let s) = part, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + s)
            } else if case .literal("") = part {
                continue
            } else {
                merged.append(part)
            }
        }
        if merged.isEmpty { return .string("") }
        if merged.count == 1, case .literal(let s) = merged[0] { return .string(s) }
        return .template(merged)
    }
}

/// A problem with one reference in a string, and where in the string it is.
struct ReferenceProblem: Equatable {
    let message: String
    /// Unicode scalars from the start of the string to the reference's `$`.
    let offset: Int
}
