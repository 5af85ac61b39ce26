import ArgumentParser
import Foundation
import SecmonCore
import SecmonStack

/// The stack argument and variable options every stack-reading command shares.
///
/// Without a STACK argument, secmon looks for `secmon.yaml` in the current directory, then for
/// the only `*.yaml`/`*.yml` file in `stacks/`; anything else is an error naming the choices.
public struct StackOptions: ParsableArguments {
    @Argument(help: "The stack file (default: ./secmon.yaml, or the only .yaml file in ./stacks).")
    public var stack: String?

    @Option(name: .customLong("var"), help: ArgumentHelp("Set a variable (repeatable).", valueName: "name=value"))
    public var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp("Read variables from a YAML map (repeatable).", valueName: "file"))
    public var variableFiles: [String] = []

    public init() {}

    /// The stack file to read, or a diagnostic saying why none could be chosen.
    public func stackPath(in directory: String = FileManager.default.currentDirectoryPath) -> Result<String, DiagnosticFailure> {
        if let stack { return .success(stack) }
        let fm = FileManager.default
        if fm.fileExists(atPath: (directory as NSString).appendingPathComponent("secmon.yaml")) {
            return .success("secmon.yaml")
        }
        let stacksDir = (directory as NSString).appendingPathComponent("stacks")
        let candidates = ((try? fm.contentsOfDirectory(atPath: stacksDir)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        if candidates.count == 1 { return .success("stacks/\(candidates[0])") }
        let message = candidates.isEmpty
            ? "no stack given, and there is no secmon.yaml and no stacks/*.yaml here"
            : "no stack given, and stacks/ holds several: \(candidates.joined(separator: ", ")); name one"
        return .failure(DiagnosticFailure(Diagnostic(.error, message, at: nil)))
    }

    public func bindings() -> Result<VariableBindings, DiagnosticFailure> {
        VariableBindings.parse(assignments: variables, files: variableFiles)
    }

    /// Loads and validates the stack, running `checkers` on it when it is valid.
    public func load(checkers: [StackChecker] = []) -> StackLoadResult {
        let path: String
        switch stackPath() {
        case .failure(let f): return StackLoadResult(stack: nil, diagnostics: [f.diagnostic])
        case .success(let p): path = p
        }
        switch bindings() {
        case .failure(let f): return StackLoadResult(stack: nil, diagnostics: [f.diagnostic])
        case .success(let b): return StackLoader.load(path: path, variables: b, checkers: checkers)
        }
    }
}
