import SecmonCore

/// An extra pass over a stack that validated (lints, policy checks). The CLI composes them, e.g.
/// `StackLoader.load(path:variables:checkers: [myLint])`.
public typealias StackChecker = @Sendable (ValidatedStack) -> [Diagnostic]

/// What loading a stack produced: the stack when there were no errors, and every diagnostic
/// (errors, and warnings from checkers), sorted by position.
public struct StackLoadResult: Sendable {
    public var stack: ValidatedStack?
    public var diagnostics: [Diagnostic]

    public init(stack: ValidatedStack?, diagnostics: [Diagnostic]) {
        self.stack = stack
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The front door of the stack language: file -> YAML -> validated stack.
public enum StackLoader {
    /// Reads, parses and validates the stack at `path`. Checkers run only on a stack without
    /// errors (they may assume a well-formed model); their diagnostics are merged in.
    public static func load(path: String, variables: VariableBindings = VariableBindings(),
                            checkers: [StackChecker] = [], limits: YAMLLimits = .default) -> StackLoadResult {
        let (root, problems) = YAMLDocumentLoader.loadCollecting(path: path, limits: limits)
        return validate(root, problems: problems, file: path, variables: variables, checkers: checkers, limits: limits)
    }

    /// Validates text already in memory (tests, editors); `file` names it in locations.
    public static func load(text: String, file: String, variables: VariableBindings = VariableBindings(),
                            checkers: [StackChecker] = [], limits: YAMLLimits = .default) -> StackLoadResult {
        let (root, problems) = YAMLDocumentLoader.loadCollecting(bytes: Array(text.utf8), file: file, limits: limits)
        return validate(root, problems: problems, file: file, variables: variables, checkers: checkers, limits: limits)
    }

    /// Validates what the YAML loader made of the file; `problems` are its findings (duplicate
    /// keys it read past, or the fatal problem that left no tree).
    static func validate(_ root: YAMLNode?, problems: [Diagnostic], file: String, variables: VariableBindings,
                         checkers: [StackChecker], limits: YAMLLimits) -> StackLoadResult {
        guard let root else { return StackLoadResult(stack: nil, diagnostics: problems) }
        let result = validate(root, file: file, variables: variables, checkers: checkers, limits: limits)
        guard !problems.isEmpty else { return result }
        return StackLoadResult(stack: nil, diagnostics: sortedByPosition(problems + result.diagnostics))
    }

    static func validate(_ root: YAMLNode, file: String, variables: VariableBindings, checkers: [StackChecker],
                         limits: YAMLLimits) -> StackLoadResult {
        var validator = StackValidator(file: file, bindings: variables, limits: limits)
        let stack = validator.validate(root)
        var diagnostics = validator.diagnostics
        if let stack {
            for checker in checkers { diagnostics += checker(stack) }
        }
        let sorted = sortedByPosition(diagnostics)
        let hasErrors = sorted.contains { $0.severity == .error }
        return StackLoadResult(stack: hasErrors ? nil : stack, diagnostics: sorted)
    }

    /// Unlocated ones (command-line problems) first, then by file, line, column; duplicates removed.
    public static func sortedByPosition(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen: Set<Diagnostic> = []
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x == y ? a.offset < b.offset : x < y
            }
        }.map(\.element)
    }
}
