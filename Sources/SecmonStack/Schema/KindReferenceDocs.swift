import Foundation
import SecmonCore

/// The per-kind reference tables of docs/stacks.md, generated from the kind definitions (a test
/// fails when the doc falls behind).
public enum KindReferenceDocs {
    public static let beginMarker = "<!-- BEGIN GENERATED: secmon schema --format markdown -->"
    public static let endMarker = "<!-- END GENERATED -->"

    public static func markdown() -> String {
        var out: [String] = []
        for kind in KindSchema.all {
            out.append("### `\(kind.name)`")
            out.append("")
            out.append(kind.summary)
            out.append("")
            let tags = kind.taggable ? "takes `tags`" : "takes no tags"
            out.append("Attributes for references: \(kind.attributes.map { "`${<id>.\($0)}`" }.joined(separator: ", ")); \(tags).")
            out.append("")
            out.append("| Property | Type | Required / default | On change | Constraints | Description |")
            out.append("|---|---|---|---|---|---|")
            for property in kind.allProperties {
                out.append(row(property))
                if case .object(let object) = property.type { out += nestedRows(object, prefix: property.name) }
                if case .list(.object(let object), _) = property.type { out += nestedRows(object, prefix: "\(property.name)[]") }
            }
            if !kind.rules.isEmpty {
                out.append("")
                out.append("Rules: " + kind.rules.map(\.summary).joined(separator: "; ") + ".")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    private static func nestedRows(_ object: ObjectSchema, prefix: String) -> [String] {
        var rows = object.properties.map { property -> String in
            var copy = property
            copy.name = "\(prefix).\(property.name)"
            return row(copy)
        }
        if !object.exactlyOneOf.isEmpty {
            rows.append("| | | | | | Exactly one of \(object.exactlyOneOf.map { "`\(prefix).\($0)`" }.joined(separator: ", ")). |")
        }
        return rows
    }

    private static func row(_ property: PropertySchema) -> String {
        let cells = [
            "`\(property.name)`",
            property.type.displayName,
            requirement(property.requirement),
            property.change == .none ? "-" : property.change.rawValue,
            constraints(property.type),
            property.description,
        ]
        return "| " + cells.map(escape).joined(separator: " | ") + " |"
    }

    private static func requirement(_ requirement: Requirement) -> String {
        switch requirement {
        case .required: return "required"
        case .optional: return "optional"
        case .defaultValue(let v): return "default `\(JSONSchemaGenerator.json(v).rendered())`"
        case .derivedDefault(let text): return "default: \(text)"
        }
    }

    static func constraints(_ type: PropertyType) -> String {
        switch type {
        case .string(let c): return stringConstraints(c)
        case .integer(let c):
            var parts: [String] = []
            if !c.allowedValues.isEmpty { parts.append("one of " + c.allowedValues.map(String.init).joined(separator: ", ")) }
            if let min = c.minimum, let max = c.maximum { parts.append("\(min)-\(max)") } else if let min = c.minimum {
                parts.append(">= \(min)")
            } else if let max = c.maximum { parts.append("<= \(max)") }
            parts += c.rules.map(\.summary)
            return parts.joined(separator: "; ")
        case .list(let element, let maxItems):
            let inner = constraints(element)
            return ([maxItems.map { "at most \($0) entries" }] + [inner.isEmpty ? nil : "each: \(inner)"])
                .compactMap { $0 }.joined(separator: "; ")
        case .stringMap(let key, let value):
            return "keys: \(stringConstraints(key)); values: \(stringConstraints(value))"
        default: return ""
        }
    }

    private static func stringConstraints(_ c: StringConstraints) -> String {
        var parts: [String] = []
        switch (c.minLength, c.maxLength) {
        case (let min?, let max?) where min > 0: parts.append("\(min)-\(max) characters")
        case (_, let max?): parts.append("at most \(max) characters")
        case (let min?, nil) where min > 0: parts.append("at least \(min) characters")
        default: break
        }
        if let allowed = c.allowed { parts.append(allowed.description) }
        if !c.forbiddenCharacters.isEmpty {
            parts.append("no " + c.forbiddenCharacters.map { "`\($0)`" }.joined(separator: " "))
        }
        for prefix in c.forbiddenPrefixes { parts.append("not starting with `\(prefix)`") }
        parts += c.rules.map(\.summary)
        if c.acceptsNumbers { parts.append("numbers accepted as text") }
        return parts.joined(separator: "; ")
    }

    private static func escape(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
