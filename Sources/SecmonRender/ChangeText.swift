import SecmonCore

/// Lines for one property's change inside an update, replacement or adoption: `old -> new`,
/// with maps compared key by key and lists element by element, so a one-word change in a
/// policy document shows as one line.
enum ChangeText {
    static let forcesReplacement = " # forces replacement"

    /// `indent` is the column of the symbol; `width` aligns the key.
    static func lines(key: String, old: Value?, new: Value?, forces: Bool, indent: Int, width: Int,
                      style: Style) -> [String] {
        let lead = String(repeating: " ", count: indent)
        let note = forces ? style.paint(forcesReplacement, .red) : ""
        let old = old ?? .null
        let new = new ?? .null
        func mark(_ symbol: Symbol) -> String { lead + style.paint(symbol.rawValue, symbol.paint) + " " + ValueText.pad(key, width) + " = " }

        if old == .null {
            var sub = ValueText.lines(new, symbol: .create, indent: indent, style: style)
            sub[0] = mark(.create) + sub[0] + note
            return sub
        }
        if new == .null {
            var sub = ValueText.lines(old, symbol: .delete, indent: indent, style: style)
            sub[sub.count - 1] += " -> null"
            sub[0] = mark(.delete) + sub[0]
            if forces { sub[sub.count - 1] += note }
            return sub
        }
        if old == .sensitive || new == .sensitive {
            let text = old == new ? ValueText.sensitive
                : "\(ValueText.inline(old) ?? "(value)") -> \(ValueText.inline(new) ?? "(value)")"
            return [mark(.update) + text + note]
        }
        switch (old, new) {
        case (.map(let a), .map(let b)):
            return mapLines(a, b, header: mark(.update) + "{" + note, indent: indent, style: style)
        case (.list(let a), .list(let b)):
            return listLines(a, b, header: mark(.update) + "[" + note, indent: indent, style: style)
        default:
            if let a = ValueText.inline(old), let b = ValueText.inline(new) {
                return [mark(.update) + a + " -> " + b + note]
            }
            // A block replaced by a scalar or the other way round: show both whole.
            var removed = ValueText.lines(old, symbol: .delete, indent: indent, style: style)
            removed[0] = mark(.delete) + removed[0]
            var added = ValueText.lines(new, symbol: .create, indent: indent, style: style)
            added[0] = mark(.create) + added[0] + note
            return removed + added
        }
    }

    private static func mapLines(_ a: [String: Value], _ b: [String: Value], header: String, indent: Int,
                                 style: Style) -> [String] {
        var out = [header]
        let keys = Set(a.keys).union(b.keys).sorted()
        let changed = keys.filter { a[$0] != b[$0] }
        let width = changed.map { ValueText.key($0).count }.max() ?? 0
        for k in changed {
            out += lines(key: ValueText.key(k), old: a[k], new: b[k], forces: false, indent: indent + 4,
                         width: width, style: style)
        }
        out += hidden(keys.count - changed.count, "element", indent: indent + 4, style: style)
        return out + [String(repeating: " ", count: indent + 2) + "}"]
    }

    private static func listLines(_ a: [Value], _ b: [Value], header: String, indent: Int, style: Style) -> [String] {
        var out = [header]
        let inner = String(repeating: " ", count: indent + 4)
        var unchanged = 0
        for edit in pairUp(ListDiff.edits(a, b)) {
            switch edit {
            case .same: unchanged += 1
            case .changed(let old, let new):
                // One statement of a policy edited: show it key by key.
                var sub = mapLines(old, new, header: inner + style.paint(Symbol.update.rawValue, Symbol.update.paint) + " {",
                                   indent: indent + 4, style: style)
                sub[sub.count - 1] += ","
                out += sub
            case .removed(let v), .added(let v):
                let symbol: Symbol = { if case .removed = edit { return .delete } else { return .create } }()
                var sub = ValueText.lines(v, symbol: symbol, indent: indent + 4, style: style)
                sub[sub.count - 1] += ","
                out.append(inner + style.paint(symbol.rawValue, symbol.paint) + " " + sub[0])
                out += sub.dropFirst()
            }
        }
        out += hidden(unchanged, "element", indent: indent + 4, style: style)
        return out + [String(repeating: " ", count: indent + 2) + "]"]
    }

    private enum PairedEdit {
        case same
        case removed(Value)
        case added(Value)
        case changed([String: Value], [String: Value])
    }

    /// A run of removed maps followed by as many added maps reads better as maps edited in place.
    private static func pairUp(_ edits: [ListDiff.Edit]) -> [PairedEdit] {
        var out: [PairedEdit] = []
        var i = 0
        while i < edits.count {
            var removed: [[String: Value]] = []
            var j = i
            while j < edits.count, case .removed(.map(let m)) = edits[j] { removed.append(m); j += 1 }
            var added: [[String: Value]] = []
            var k = j
            while k < edits.count, added.count < removed.count, case .added(.map(let m)) = edits[k] { added.append(m); k += 1 }
            if !removed.isEmpty, added.count == removed.count {
                out += zip(removed, added).map { PairedEdit.changed($0, $1) }
                i = k
                continue
            }
            switch edits[i] {
            case .same: out.append(.same)
            case .removed(let v): out.append(.removed(v))
            case .added(let v): out.append(.added(v))
            }
            i += 1
        }
        return out
    }

    static func hidden(_ count: Int, _ noun: String, plural: String? = nil, indent: Int, style: Style) -> [String] {
        guard count > 0 else { return [] }
        let text = "# (\(count) unchanged \(count == 1 ? noun : plural ?? noun + "s") hidden)"
        return [String(repeating: " ", count: indent) + "  " + style.paint(text, .dim)]
    }
}

/// A minimal edit script between two lists (longest common subsequence), in order.
enum ListDiff {
    enum Edit: Equatable {
        case same(Value)
        case removed(Value)
        case added(Value)
    }

    static func edits(_ a: [Value], _ b: [Value]) -> [Edit] {
        let n = a.count, m = b.count
        // lcs[i][j]: length of the longest common subsequence of a[i...] and b[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                out.append(.same(a[i])); i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                out.append(.removed(a[i])); i += 1
            } else {
                out.append(.added(b[j])); j += 1
            }
        }
        return out
    }
}
