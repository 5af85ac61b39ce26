import SecmonCore

/// DesiredGraph -> Graphviz DOT. Arrows point from a resource to the ones that need it (the
/// order things are created in), labelled with the attributes used.
public enum DOTRenderer {
    public static func render(_ graph: DesiredGraph) -> String {
        var lines = [
            "digraph \(quote(graph.stackName)) {",
            "  rankdir=LR;",
            "  node [shape=box, style=rounded, fontname=\"Helvetica\"];",
            "  edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        for id in graph.order {
            guard let resource = graph.resources[id] else { continue }
            lines.append("  \(quote(id)) [label=\(quote("\(id)\n\(resource.kind)"))];")
        }
        for id in graph.order {
            guard let resource = graph.resources[id] else { continue }
            let attributes = attributesUsed(by: resource)
            for dependency in resource.dependencies.sorted() where graph.resources[dependency] != nil {
                let used = attributes[dependency, default: []].sorted()
                let label = used.isEmpty ? "" : " [label=\(quote(used.joined(separator: ", ")))]"
                lines.append("  \(quote(dependency)) -> \(quote(id))\(label);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func attributesUsed(by resource: DesiredResource) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for value in resource.properties.values {
            for reference in value.references { out[reference.resource, default: []].insert(reference.attribute) }
        }
        return out
    }

    /// A DOT double-quoted string; a newline becomes DOT's `\n` line break.
    static func quote(_ text: String) -> String {
        var out = "\""
        for ch in text {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
