import SecmonCore

/// Values for `${var.x}` from the command line: `--var k=v` (later ones win) over `--var-file F`.
public struct VariableBindings: Sendable, Hashable {
    /// name -> value, from `--var`.
    public var values: [String: String]
    /// Variable files in the order given (a later file wins over an earlier one; `--var` wins over both).
    public var files: [String]

    public init(values: [String: String] = [:], files: [String] = []) {
        self.values = values
        self.files = files
    }

    /// Parses `--var` arguments of the form `name=value` (the value may contain '=').
    public static func parse(assignments: [String], files: [String] = []) -> Result<VariableBindings, DiagnosticFailure> {
        var values: [String: String] = [:]
        for assignment in assignments {
            guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
                return .failure(DiagnosticFailure(Diagnostic(.error, "--var '\(assignment)' is not of the form name=value", at: nil)))
            }
            values[String(assignment[..<eq])] = String(assignment[assignment.index(after: eq)...])
        }
        return .success(VariableBindings(values: values, files: files))
    }

    /// Every file's values merged (file order), then `--var` over them; each with where it was set.
    func resolved(limits: YAMLLimits) -> (values: [String: (String, SourceLocation?)], diagnostics: [Diagnostic]) {
        var out: [String: (String, SourceLocation?)] = [:]
        var diagnostics: [Diagnostic] = []
        for file in files {
            switch YAMLDocumentLoader.load(path: file, limits: limits, role: "variables file") {
            case .failure(let failure):
                diagnostics.append(failure.diagnostic)
            case .success(let root):
                guard let pairs = root.mapping else {
                    diagnostics.append(Diagnostic(.error, "a variables file must be a map of name: value, not \(root.shapeDescription)", at: root.location))
                    continue
                }
                for pair in pairs {
                    guard let name = pair.keyText else { continue }
                    guard let scalar = pair.value.scalar, scalar.resolved != .null else {
                        diagnostics.append(Diagnostic(.error, "variable '\(name)' must be a string, number or boolean, not \(pair.value.shapeDescription)", at: pair.value.location))
                        continue
                    }
                    out[name] = (scalar.text, pair.key.location)
                }
            }
        }
        for (name, value) in values { out[name] = (value, nil) }
        return (out, diagnostics)
    }
}
