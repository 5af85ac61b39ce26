import SecmonCore

/// A cheap lexical pass over the text, run BEFORE Yams composes it, for what would be costly
/// once it has:
/// - Yams checks every map for duplicate keys by hashing the key nodes; a key that is an alias
///   (or a collection built from aliases) is hashed through every expansion, exponential for an
///   alias bomb. Stack files only need scalar keys, so aliases, explicit `?` keys and
///   collections as keys are refused.
/// - Yams builds every node (with a tag object each) before anything can be counted: a 4 MB
///   `[1,1,1,...]` would take seconds and hundreds of MB. An estimate of the node count (an
///   upper bound: it counts separators) is checked against the node budget.
///
/// The scan is conservative about these constructs, not a YAML parser: it tracks quotes,
/// comments, block scalars and flow brackets well enough to find where nodes start.
struct YAMLPreScan {
    let bytes: [UInt8]
    let file: String
    let maxNodes: Int

    /// Where the first alias is, for the message when aliases expand past the node budget.
    private(set) var firstAliasOffset: Int?

    init(bytes: [UInt8], file: String, maxNodes: Int) {
        self.bytes = bytes
        self.file = file
        self.maxNodes = maxNodes
    }

    func location(ofByte offset: Int) -> SourceLocation {
        TextPosition.location(ofByte: offset, in: bytes, file: file)
    }

    mutating func firstProblem() -> Diagnostic? {
        var nodes = 0
        func counted(_ offset: Int) -> Diagnostic? {
            nodes += 1
            return nodes > maxNodes
                ? problem(at: offset, "the document has more than \(maxNodes) values; a stack file is far smaller") : nil
        }
        var i = 0
        let n = bytes.count
        var flowDepth = 0
        var blockScalarParentIndent: Int? = nil
        var lineStart = true
        var nodeStart = true
        while i < n {
            if lineStart {
                lineStart = false
                var indent = 0
                while i + indent < n, bytes[i + indent] == UInt8(ascii: " ") { indent += 1 }
                let next = i + indent < n ? bytes[i + indent] : UInt8(ascii: "\n")
                if let parent = blockScalarParentIndent {
                    // Inside a literal/folded block: skip lines more indented than its parent, and blank ones.
                    if indent > parent || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") {
                        // Past the line break too, so the next round starts on the next line.
                        i = min(n, skipLine(from: i) + 1)
                        lineStart = true
                        continue
                    }
                    blockScalarParentIndent = nil
                }
                i += indent
                nodeStart = true
                if i < n, bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "#"), let p = counted(i) { return p }
                continue
            }
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\n"):
                i += 1
                lineStart = true
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
                continue
            case UInt8(ascii: "#"):
                i = skipLine(from: i)
                continue
            default:
                break
            }
            if nodeStart {
                nodeStart = false
                switch c {
                case UInt8(ascii: "*"):
                    let start = i
                    if firstAliasOffset == nil { firstAliasOffset = i }
                    i = skipName(from: i + 1)
                    let after = skipSpaces(from: i)
                    if after < n, bytes[after] == UInt8(ascii: ":") {
                        return problem(at: start, "an alias cannot be used as a map key")
                    }
                    continue
                case UInt8(ascii: "&"), UInt8(ascii: "!"):
                    i = skipName(from: i + 1)
                    nodeStart = true
                    continue
                case UInt8(ascii: "?") where isBlankOrEnd(i + 1):
                    return problem(at: i, "complex map keys ('? ') are not supported in stack files")
                case UInt8(ascii: "-") where isBlankOrEnd(i + 1):
                    if let p = counted(i) { return p }
                    i += 1
                    nodeStart = true
                    continue
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    i = skipQuoted(from: i)
                    continue
                case UInt8(ascii: "|") where flowDepth == 0, UInt8(ascii: ">") where flowDepth == 0:
                    blockScalarParentIndent = indentOfLine(containing: i)
                    i = skipLine(from: i)
                    continue
                default:
                    break
                }
            }
            switch c {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if let p = counted(i) { return p }
                flowDepth += 1
                nodeStart = true
                i += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flowDepth > 0 { flowDepth -= 1 }
                let after = skipSpaces(from: i + 1)
                if after < n, bytes[after] == UInt8(ascii: ":") {
                    return problem(at: i, "a list or map cannot be used as a map key")
                }
                i += 1
            case UInt8(ascii: ","):
                if flowDepth > 0, let p = counted(i) { return p }
                nodeStart = flowDepth > 0
                i += 1
            case UInt8(ascii: ":") where isBlankOrEnd(i + 1) || (flowDepth > 0 && isFlowIndicator(i + 1)):
                if let p = counted(i) { return p }
                nodeStart = true
                i += 1
            default:
                i += 1
            }
        }
        return nil
    }

    private func problem(at offset: Int, _ message: String) -> Diagnostic {
        Diagnostic(.error, message, at: location(ofByte: offset))
    }

    private func isBlankOrEnd(_ i: Int) -> Bool {
        i >= bytes.count || bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\n")
            || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: "\r")
    }

    private func isFlowIndicator(_ i: Int) -> Bool {
        i < bytes.count && [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[i])
    }

    private func skipLine(from start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        return i
    }

    private func skipSpaces(from start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
        return i
    }

    /// Anchor, alias and tag names end at a blank or a flow indicator.
    private func skipName(from start: Int) -> Int {
        var i = start
        while i < bytes.count, !isBlankOrEnd(i), !isFlowIndicator(i),
              bytes[i] != UInt8(ascii: "["), bytes[i] != UInt8(ascii: "{") {
            // A ':' followed by a blank ends an alias used as a key (`*a: x`).
            if bytes[i] == UInt8(ascii: ":"), isBlankOrEnd(i + 1) { break }
            i += 1
        }
        return i
    }

    private func skipQuoted(from start: Int) -> Int {
        let quote = bytes[start]
        var i = start + 1
        while i < bytes.count {
            let c = bytes[i]
            if quote == UInt8(ascii: "\""), c == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if c == quote {
                if quote == UInt8(ascii: "'"), i + 1 < bytes.count, bytes[i + 1] == quote {
                    i += 2
                    continue
                }
                return i + 1
            }
            i += 1
        }
        return i
    }

    private func indentOfLine(containing offset: Int) -> Int {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var indent = 0
        while start + indent < bytes.count, bytes[start + indent] == UInt8(ascii: " ") { indent += 1 }
        return indent
    }
}
