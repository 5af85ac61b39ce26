import Foundation
import SecmonCore
import Yams

/// Text -> one `YAMLNode` tree, or the first YAML-level problem, located. YAML-level problems are
/// fatal (nothing after a syntax error can be trusted); every later check reports all it finds.
public enum YAMLDocumentLoader {
    /// Reads and parses the file at `path`.
    /// - Parameter role: what the file is, for messages ("stack file", "variables file").
    public static func load(path: String, limits: YAMLLimits = .default, role: String = "stack file")
        -> Result<YAMLNode, DiagnosticFailure>
    {
        switch StackFileReader.read(path: path, limits: limits, role: role) {
        case .failure(let d): return .failure(d)
        case .success(let bytes): return load(bytes: bytes, file: path, limits: limits)
        }
    }

    /// Parses `bytes`, naming `file` in locations. Fails on the first YAML-level problem,
    /// duplicate keys included (see `loadCollecting` to read past those).
    public static func load(bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> Result<YAMLNode, DiagnosticFailure> {
        let (root, diagnostics) = loadCollecting(bytes: bytes, file: file, limits: limits)
        if let first = diagnostics.first { return .failure(DiagnosticFailure(first)) }
        guard let root else {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot parse YAML", at: SourceLocation(file: file, line: 1, column: 1))))
        }
        return .success(root)
    }

    /// Like `load(path:)`, but a duplicate key is reported and the file read on without it, so
    /// the other problems of the file are reported too.
    public static func loadCollecting(path: String, limits: YAMLLimits = .default, role: String = "stack file")
        -> (root: YAMLNode?, diagnostics: [Diagnostic])
    {
        switch StackFileReader.read(path: path, limits: limits, role: role) {
        case .failure(let d): return (nil, [d.diagnostic])
        case .success(let bytes): return loadCollecting(bytes: bytes, file: path, limits: limits)
        }
    }

    /// The tree (nil after a fatal problem) and the problems found: each duplicate key is
    /// reported, and its second occurrence (with the block under it) set aside, so parsing goes
    /// on and later checks see the first definition.
    public static func loadCollecting(bytes: [UInt8], file: String, limits: YAMLLimits = .default)
        -> (root: YAMLNode?, diagnostics: [Diagnostic])
    {
        if bytes.count > limits.maxFileBytes { return (nil, [StackFileReader.tooLarge(file, limits).diagnostic]) }
        var text: String
        switch UTF8Check.decode(bytes, file: file) {
        case .failure(let d): return (nil, [d.diagnostic])
        case .success(let t): text = t
        }
        var preScan = YAMLPreScan(bytes: Array(text.utf8), file: file, maxNodes: limits.maxNodes)
        if let problem = preScan.firstProblem() { return (nil, [problem]) }
        var duplicates: [Diagnostic] = []
        var root: Node?
        while true {
            do {
                root = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
                break
            } catch let error as YamlError {
                let diagnostic = YAMLErrorTranslator(text: text, file: file, maxDepth: limits.maxDepth).diagnostic(for: error)
                if case .duplicatedKeysInMapping = error, duplicates.count < 100, let line = diagnostic.location?.line,
                   !duplicates.contains(diagnostic), let without = YAMLErrorTranslator.blankingBlock(atLine: line, in: text) {
                    duplicates.append(diagnostic)
                    text = without
                    continue
                }
                return (nil, duplicates + [diagnostic])
            } catch {
                return (nil, duplicates + [Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
            }
        }
        guard let root else {
            return (nil, duplicates + [Diagnostic(.error, "the stack file is empty", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        var builder = YAMLTreeBuilder(file: file, limits: limits,
                                      firstAlias: preScan.firstAliasOffset.map(preScan.location(ofByte:)))
        switch builder.build(root) {
        case .success(let node): return (node, duplicates)
        case .failure(let failure): return (nil, duplicates + [failure.diagnostic])
        }
    }
}
