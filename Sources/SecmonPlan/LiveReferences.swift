import SecmonCore

/// Edges between resources that exist, inferred from their live properties: A depends on B when
/// a string somewhere in A's properties equals B's physical id or one of B's attributes (an ARN,
/// a name). Used where the stack has no edge to offer: for resources it no longer declares.
enum LiveReferences {
    struct Node {
        var address: String
        var live: LiveResource
    }

    /// For each address, the addresses its live properties point at (excluding itself).
    /// `skip` says when an inferred edge is not wanted (both ends declared in the stack).
    static func edges(_ nodes: [Node], skip: (String, String) -> Bool) -> [String: Set<String>] {
        var byToken: [String: Set<String>] = [:]
        for node in nodes {
            for token in identifiers(of: node.live) { byToken[token, default: []].insert(node.address) }
        }
        var edges: [String: Set<String>] = [:]
        for node in nodes {
            var strings: [String] = []
            // Tags name the stack and the logical id, never another resource.
            for (key, value) in node.live.properties where key != "tags" { collectStrings(value, into: &strings) }
            for string in strings {
                for target in byToken[string] ?? [] where target != node.address && !skip(node.address, target) {
                    edges[node.address, default: []].insert(target)
                }
            }
        }
        return edges
    }

    private static func identifiers(of live: LiveResource) -> Set<String> {
        var tokens: Set<String> = [live.physicalID]
        for value in live.attributes.values { if case .string(let s) = value, !s.isEmpty { tokens.insert(s) } }
        return tokens
    }

    private static func collectStrings(_ value: Value, into strings: inout [String]) {
        switch value {
        case .string(let s): strings.append(s)
        case .list(let l): for v in l { collectStrings(v, into: &strings) }
        case .map(let m): for v in m.values { collectStrings(v, into: &strings) }
        default: break
        }
    }
}
