import SecmonCore

/// How values read in a plan, Terraform style: scalars on one line, maps and lists as indented
/// blocks whose entries carry the same change symbol as the property.
enum ValueText {
    static let knownAfterApply = "(known after apply)"
    static let sensitive = "(sensitive)"

    /// A value on one line, or nil when it needs a block (a non-empty map or list).
    static func inline(_ value: Value) -> String? {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return quoted(s)
        case .template, .unknown: return knownAfterApply
        case .sensitive: return sensitive
        case .list(let l): return l.isEmpty ? "[]" : nil
        case .map(let m): return m.isEmpty ? "{}" : nil
        }
    }

    static func quoted(_ s: String) -> String { JSONString.quoted(s) }

    /// A map key: bare when it is a plain identifier, quoted otherwise (e.g. `"secmon:stack"`).
    static func key(_ k: String) -> String {
        let scalars = Array(k.unicodeScalars)
        guard let first = scalars.first, first == "_" || isLetter(first),
              scalars.allSatisfy({ isLetter($0) || $0 == "_" || ("0"..."9").contains($0) }) else {
            return quoted(k)
        }
        return k
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }

    /// The lines of a value: the first continues the current line (after `key = `), the rest
    /// are whole lines. `indent` is the column of the symbol on the current line; nested entries
    /// are marked with `symbol` (nil: unmarked).
    static func lines(_ value: Value, symbol: Symbol?, indent: Int, style: Style) -> [String] {
        if let text = inline(value) { return [text] }
        let mark = symbol.map { style.paint($0.rawValue, $0.paint) + " " } ?? "  "
        let inner = String(repeating: " ", count: indent + 4)
        let close = String(repeating: " ", count: indent + 2)
        switch value {
        case .map(let m):
            var out = ["{"]
            let width = m.keys.map { key($0).count }.max() ?? 0
            for k in m.keys.sorted() {
                let sub = lines(m[k] ?? .null, symbol: symbol, indent: indent + 4, style: style)
                out.append(inner + mark + pad(key(k), width) + " = " + sub[0])
                out += sub.dropFirst()
            }
            return out + [close + "}"]
        case .list(let l):
            var out = ["["]
            for element in l {
                var sub = lines(element, symbol: symbol, indent: indent + 4, style: style)
                sub[sub.count - 1] += ","
                out.append(inner + mark + sub[0])
                out += sub.dropFirst()
            }
            return out + [close + "]"]
        default:
            return [inline(value) ?? ""]
        }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

/// The change symbols, as Terraform users know them.
enum Symbol: String {
    case create = "+"
    case update = "~"
    case delete = "-"
    case deleteThenCreate = "-/+"
    case createThenDelete = "+/-"
    case adopt = "<="
    /// Kept, no longer managed (Terraform's "forget").
    case release = "."

    var paint: Style.Paint {
        switch self {
        case .create: return .green
        case .update: return .yellow
        case .delete, .deleteThenCreate, .createThenDelete: return .red
        case .adopt, .release: return .cyan
        }
    }

    /// The symbol right-aligned in three columns, as the first thing on a resource's line.
    var column: String { String(repeating: " ", count: 3 - rawValue.count) + rawValue }
}
