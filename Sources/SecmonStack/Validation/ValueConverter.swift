import Foundation
import SecmonCore

/// Turns one YAML node into a `Value` of a property's type, reporting every problem it finds.
struct ValueConverter {
    let scope: ReferenceScope
    private(set) var diagnostics: [Diagnostic] = []

    init(scope: ReferenceScope) {
        self.scope = scope
    }

    /// `path` names the value ("period", "policy[0].actions"), `owner` its resource
    /// ("alarm 'secret_read_alarm'"). Returns nil when the value is unusable.
    mutating func convert(_ node: YAMLNode, as type: PropertyType, path: String, owner: String) -> Value? {
        switch type {
        case .any:
            return nil
        case .list(let element, let maxItems):
            guard let items = node.sequence else { return mistyped(node, "a list", path, owner) }
            if let maxItems, items.count > maxItems {
                report("\(path) of \(owner) has \(items.count) entries; the maximum is \(maxItems)", at: node.location)
            }
            var values: [Value] = []
            var ok = true
            for (index, item) in items.enumerated() {
                if let v = convert(item, as: element, path: "\(path)[\(index)]", owner: owner) { values.append(v) } else { ok = false }
            }
            return ok ? .list(values) : nil
        case .stringMap(let keyRule, let valueRule):
            guard let pairs = node.mapping else { return mistyped(node, "a map", path, owner) }
            var map: [String: Value] = [:]
            var ok = true
            for pair in pairs {
                let key = pair.keyText ?? ""
                for problem in keyRule.problems(with: key) {
                    report("\(path) key '\(Self.shortened(key))' of \(owner) \(problem)", at: pair.key.location)
                    ok = false
                }
                guard let scalar = pair.value.scalar, scalar.resolved != .null else {
                    _ = mistyped(pair.value, "a string", "\(path).\(key)", owner)
                    ok = false
                    continue
                }
                // Tag values are text: `cost_center: 1234` means the string "1234".
                if let v = string(scalar.text, rule: valueRule, node: pair.value, path: "\(path).\(key)", owner: owner) {
                    map[key] = v
                } else {
                    ok = false
                }
            }
            return ok ? .map(map) : nil
        case .object(let schema):
            guard let pairs = node.mapping else { return mistyped(node, "a map (\(schema.name))", path, owner) }
            return object(pairs, schema: schema, at: node.location, path: path, owner: owner)
        case .string, .integer, .number, .boolean, .enumeration:
            guard let scalar = node.scalar else { return mistyped(node, Self.expectation(type), path, owner) }
            return self.scalar(scalar, node: node, type: type, path: path, owner: owner)
        }
    }

    private mutating func object(_ pairs: [YAMLPair], schema: ObjectSchema, at location: SourceLocation,
                                 path: String, owner: String) -> Value? {
        var map: [String: Value] = [:]
        var ok = true
        let names = schema.properties.map(\.name)
        for pair in pairs {
            let key = pair.keyText ?? ""
            guard let property = schema.properties.first(where: { $0.name == key }) else {
                report("unknown property '\(key)' in \(path) of \(owner)" + Suggestion.didYouMean(key, among: names), at: pair.key.location)
                ok = false
                continue
            }
            if let v = convert(pair.value, as: property.type, path: "\(path).\(key)", owner: owner) { map[key] = v } else { ok = false }
        }
        let present = Set(pairs.compactMap(\.keyText))
        for property in schema.properties where property.requirement.isRequired && !present.contains(property.name) {
            report("\(path) of \(owner) is missing required property '\(property.name)'", at: location)
            ok = false
        }
        if ok, !schema.exactlyOneOf.isEmpty {
            let given = schema.exactlyOneOf.filter(present.contains)
            if given.count != 1 {
                let options = schema.exactlyOneOf.map { "'\($0)'" }.joined(separator: " or ")
                report("\(path) of \(owner) needs exactly one of \(options)\(given.count > 1 ? ", not both" : "")", at: location)
                ok = false
            }
        }
        return ok ? .map(map) : nil
    }

    private mutating func scalar(_ scalar: YAMLScalar, node: YAMLNode, type: PropertyType, path: String, owner: String) -> Value? {
        var resolved = scalar.resolved
        // A reference inside a string: substitute variables and the stack name first, so a
        // whole-value `${var.period}` can still be an integer.
        if case .string(let text) = resolved, TemplateParser.containsReference(text) {
            let (value, problems) = scope.resolve(text)
            for problem in problems {
                report("\(path) of \(owner) \(problem.message)", at: node.location(ofTextOffset: problem.offset))
            }
            guard let value else { return nil }
            switch value {
            case .string(let substituted):
                if case .string(let rule) = type { return string(substituted, rule: rule, node: node, path: path, owner: owner, checkReferences: false) }
                resolved = CoreSchemaResolver.resolve(plain: substituted)
            case .template:
                switch type {
                case .string(let rule):
                    if rule.isARN, let problem = arnProblem(value) {
                        report("\(path) of \(owner) \(problem)", at: node.location)
                        return nil
                    }
                    return value
                default:
                    report("\(path) of \(owner) must be \(Self.expectation(type)); a reference to another resource is a string known only at apply time", at: node.location)
                    return nil
                }
            default:
                return value
            }
        }
        switch (type, resolved) {
        case (.string(let rule), .string(let text)):
            return string(text, rule: rule, node: node, path: path, owner: owner, checkReferences: false)
        case (.string(let rule), .int), (.string(let rule), .double):
            guard rule.acceptsNumbers else { break }
            return string(scalar.text, rule: rule, node: node, path: path, owner: owner, checkReferences: false)
        case (.integer(let rule), .int(let i)):
            let problems = rule.problems(with: i)
            for problem in problems { report("\(path) \(i) of \(owner) \(problem)", at: node.location) }
            return problems.isEmpty ? .int(i) : nil
        case (.number, .int(let i)):
            return .int(i)
        case (.number, .double(let d)):
            guard d.isFinite else {
                report("\(path) of \(owner) must be a finite number", at: node.location)
                return nil
            }
            return .double(d)
        case (.boolean, .bool(let b)):
            return .bool(b)
        case (.enumeration(let cases), .string(let text)):
            guard cases.contains(text) else {
                report("\(path) '\(Self.shortened(text))' of \(owner) must be one of \(cases.joined(separator: ", "))"
                    + Suggestion.didYouMean(text, among: cases, listOtherwise: false), at: node.location)
                return nil
            }
            return .string(text)
        default:
            break
        }
        return mistyped(node, Self.expectation(type), path, owner, found: Self.describe(resolved))
    }

    /// A string value: references resolved (unless already done), then the constraints checked
    /// when the final text is known.
    private mutating func string(_ text: String, rule: StringConstraints, node: YAMLNode, path: String, owner: String,
                                 checkReferences: Bool = true) -> Value? {
        var value = Value.string(text)
        if checkReferences, TemplateParser.containsReference(text) {
            let (resolved, problems) = scope.resolve(text)
            for problem in problems {
                report("\(path) of \(owner) \(problem.message)", at: node.location(ofTextOffset: problem.offset))
            }
            guard let resolved else { return nil }
            value = resolved
        }
        guard case .string(let final) = value else { return value }
        let problems = rule.problems(with: final)
        for problem in problems { report("\(path) '\(Self.shortened(final))' of \(owner) \(problem)", at: node.location) }
        return problems.isEmpty ? value : nil
    }

    /// Why a template cannot be an ARN, or nil when it is one: a whole reference to an ARN-typed
    /// attribute, or text starting with `arn:`.
    private func arnProblem(_ value: Value) -> String? {
        guard case .template(let parts) = value, let first = parts.first else { return nil }
        guard parts.count == 1, case .reference(let ref) = first else {
            if case .literal(let head) = first, head.hasPrefix("arn:") { return nil }
            return "must be an ARN: a literal arn:... or a reference to an ARN such as ${<id>.arn}"
        }
        guard ref.resource != BuiltinReference.awsResource else { return "needs an ARN, but \(ref) is not one" }
        guard let entry = scope.resources[ref.resource], let kind = entry, !kind.arnAttributes.contains(ref.attribute) else {
            return nil
        }
        let what = "needs an ARN, but \(ref) is the \(kind.name)'s \(ref.attribute)"
        guard let arn = kind.arnAttributes.sorted().first else { return "\(what), and a \(kind.name) has no ARN" }
        return "\(what): write ${\(ref.resource).\(arn)}"
    }

    private mutating func mistyped(_ node: YAMLNode, _ expected: String, _ path: String, _ owner: String, found: String? = nil) -> Value? {
        let foundText = found ?? node.shapeDescription
        let hint = expected == "a string" && node.scalar != nil && node.scalar?.resolved != .null ? " (put it in quotes)" : ""
        report("\(path) of \(owner) must be \(expected), not \(foundText)\(hint)", at: node.location)
        return nil
    }

    mutating func report(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    static func expectation(_ type: PropertyType) -> String {
        switch type {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .enumeration(let cases): return "one of \(cases.joined(separator: ", "))"
        case .list: return "a list"
        case .stringMap: return "a map of strings"
        case .object(let o): return "a map (\(o.name))"
        case .any: return "anything"
        }
    }

    static func describe(_ resolved: YAMLScalar.Resolved) -> String {
        switch resolved {
        case .string(let s): return "'\(shortened(s))'"
        case .null: return "empty"
        default: return resolved.typeDescription
        }
    }

    /// Values as messages quote them: on one line, control characters escaped (a value must not
    /// drive the terminal), and long ones cut (the location says where the rest is).
    static func shortened(_ text: String) -> String {
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: safe.append(contentsOf: "\\n".unicodeScalars)
            case 0x00..<0x20, 0x7F..<0xA0:
                safe.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: safe.append(scalar)
            }
        }
        let oneLine = String(safe)
        return oneLine.count > 80 ? String(oneLine.prefix(77)) + "..." : oneLine
    }
}
