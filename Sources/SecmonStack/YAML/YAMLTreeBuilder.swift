import SecmonCore
import Yams

/// Copies Yams' node tree into `YAMLNode`s, expanding aliases under a node budget and a depth
/// limit, and refusing oversized scalars. Yams shares an aliased subtree instead of copying it,
/// so composing was cheap; this copy is where expansion would blow up, hence the budget.
struct YAMLTreeBuilder {
    let file: String
    let limits: YAMLLimits
    /// Where the first alias is written: the place to point at when expansion runs over budget.
    let firstAlias: SourceLocation?
    private var nodeCount = 0

    init(file: String, limits: YAMLLimits, firstAlias: SourceLocation?) {
        self.file = file
        self.limits = limits
        self.firstAlias = firstAlias
    }

    struct Refusal: Error { let diagnostic: Diagnostic }

    mutating func build(_ root: Node) -> Result<YAMLNode, DiagnosticFailure> {
        do {
            return .success(try convert(root, depth: 0))
        } catch let refusal as Refusal {
            return .failure(DiagnosticFailure(refusal.diagnostic))
        } catch {
            return .failure(DiagnosticFailure(Diagnostic(.error, "\(error)", at: SourceLocation(file: file, line: 1, column: 1))))
        }
    }

    private func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private mutating func convert(_ node: Node, depth: Int) throws -> YAMLNode {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            throw Refusal(diagnostic: Diagnostic(
                .error, "aliases expand the document to more than \(limits.maxNodes) values (an alias bomb?); refusing it",
                at: firstAlias ?? location(node)))
        }
        if depth > limits.maxDepth {
            throw Refusal(diagnostic: Diagnostic(
                .error, "lists and maps are nested too deeply (the limit is \(limits.maxDepth) levels)", at: location(node)))
        }
        switch node {
        case .scalar(let scalar):
            if scalar.string.utf8.count > limits.maxScalarBytes {
                throw Refusal(diagnostic: Diagnostic(
                    .error, "value is \(scalar.string.utf8.count) bytes long; the limit is \(limits.maxScalarBytes) bytes",
                    at: location(node)))
            }
            return YAMLNode(.scalar(Self.resolve(scalar)), at: location(node))
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1)) }
            return YAMLNode(.sequence(items), at: location(node))
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            for (key, value) in mapping {
                pairs.append(YAMLPair(key: try convert(key, depth: depth + 1), value: try convert(value, depth: depth + 1)))
            }
            return YAMLNode(.mapping(pairs), at: location(node))
        case .alias:
            // Yams resolves aliases while composing; a bare alias node only appears in trees
            // built by hand. Treat it as an error rather than guess.
            throw Refusal(diagnostic: Diagnostic(.error, "unresolved alias", at: location(node)))
        }
    }

    /// Quoted and explicitly `!!str`-tagged scalars are strings; plain ones follow the core schema.
    private static func resolve(_ scalar: Node.Scalar) -> YAMLScalar {
        let text = scalar.string
        let style: YAMLScalar.Style
        switch scalar.style {
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        case .literal: style = .literal
        case .folded: style = .folded
        case .any, .plain: style = .plain
        }
        if style != .plain || scalar.tag.rawValue == Tag.Name.str.rawValue {
            return YAMLScalar(text: text, resolved: .string(text), style: style)
        }
        return YAMLScalar(text: text, resolved: CoreSchemaResolver.resolve(plain: text), style: style)
    }
}
