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

    /// Parses `bytes`, naming `file` in locations.
    public static func load(bytes: [UInt8], file: String, limits: YAMLLimits = .default) -> Result<YAMLNode, DiagnosticFailure> {
        if bytes.count > limits.maxFileBytes { return .failure(StackFileReader.tooLarge(file, limits)) }
        let text: String
        switch UTF8Check.decode(bytes, file: file) {
        case .failure(let d): return .failure(d)
        case .success(let t): text = t
        }
        var preScan = YAMLPreScan(bytes: Array(text.utf8), file: file, maxNodes: limits.maxNodes)
        if let problem = preScan.firstProblem() {
            return .failure(DiagnosticFailure(problem))
        }
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            return .failure(DiagnosticFailure(YAMLErrorTranslator(text: text, file: file, maxDepth: limits.maxDepth).diagnostic(for: error)))
        } catch {
            return .failure(DiagnosticFailure(Diagnostic(.error, "cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))))
        }
        guard let root else {
            return .failure(DiagnosticFailure(Diagnostic(.error, "the stack file is empty", at: SourceLocation(file: file, line: 1, column: 1))))
        }
        var builder = YAMLTreeBuilder(file: file, limits: limits,
                                      firstAlias: preScan.firstAliasOffset.map(preScan.location(ofByte:)))
        return builder.build(root)
    }
}
