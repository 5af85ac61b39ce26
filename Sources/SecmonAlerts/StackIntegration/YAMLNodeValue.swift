import SecmonCore
import SecmonStack

/// The raw `tests:` node as plain data, and the way back from a path in it to where it is written.
extension YAMLNode {
    /// Scalars as the YAML 1.2 core schema resolves them; maps and lists as `Value`s.
    public var plainValue: Value {
        switch content {
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .string(let s): return .string(s)
            }
        case .sequence(let items): return .list(items.map(\.plainValue))
        case .mapping(let pairs):
            var map: [String: Value] = [:]
            for pair in pairs {
                guard let key = pair.keyText else { continue }
                map[key] = pair.value.plainValue
            }
            return .map(map)
        }
    }

    /// The node at a path such as `tests[1].expect[0].state` (the first component names this
    /// node); the deepest node found when the path goes further than the document.
    func node(at path: String) -> YAMLNode {
        var node = self
        var components = path.split(separator: ".").flatMap { part -> [Substring] in
            // "expect[1]" -> "expect", "[1]"
            var out: [Substring] = []
            var rest = part
            if let bracket = rest.firstIndex(of: "[") {
                out.append(rest[..<bracket])
                rest = rest[bracket...]
                while let close = rest.firstIndex(of: "]") {
                    out.append(rest[...close])
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                out.append(rest)
            }
            return out.filter { !$0.isEmpty }
        }
        if !components.isEmpty { components.removeFirst() }  // the node's own name
        for component in components {
            if component.hasPrefix("["), let index = Int(component.dropFirst().dropLast()),
               let items = node.sequence, index < items.count {
                node = items[index]
            } else if let pairs = node.mapping, let pair = pairs.first(where: { $0.keyText == String(component) }) {
                node = pair.value
            } else {
                break
            }
        }
        return node
    }
}
