import SecmonCore

/// What `validate` found: the stack (when it loaded) and every diagnostic.
struct ValidateOutcome {
    var stackName: String?
    var resourceCount: Int
    var diagnostics: [Diagnostic]
    var strict: Bool

    var errors: Int { diagnostics.filter { $0.severity == .error }.count }
    var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }
    var passed: Bool { stackName != nil && errors == 0 && !(strict && warnings > 0) }
}

protocol ValidateView {
    func show(_ outcome: ValidateOutcome)
}

/// Diagnostics on stderr, then `stack NAME: N resources, valid` on stdout.
struct ValidateHumanView: ValidateView {
    let io: CommandIO
    func show(_ outcome: ValidateOutcome) {
        DiagnosticLines.show(outcome.diagnostics, on: io)
        guard let name = outcome.stackName, outcome.passed else { return }
        let count = outcome.resourceCount
        let warningNote = outcome.warnings == 0 ? "" : ", \(outcome.warnings) warning\(outcome.warnings == 1 ? "" : "s")"
        io.out("stack \(name): \(count) resource\(count == 1 ? "" : "s"), valid\(warningNote)")
    }
}

/// One JSON document on stdout; when the stack fails, also one short line on stderr.
struct ValidateJSONView: ValidateView {
    static let formatVersion = "1"
    let io: CommandIO

    struct Document: Encodable {
        var format_version = ValidateJSONView.formatVersion
        var valid: Bool
        var stack: String?
        var resource_count: Int?
        var error_count: Int
        var warning_count: Int
        var diagnostics: [DiagnosticJSON]
    }

    func show(_ outcome: ValidateOutcome) {
        io.out(JSONOutput.encode(Document(
            valid: outcome.passed, stack: outcome.stackName,
            resource_count: outcome.stackName == nil ? nil : outcome.resourceCount,
            error_count: outcome.errors, warning_count: outcome.warnings,
            diagnostics: outcome.diagnostics.map(DiagnosticJSON.init))))
        if !outcome.passed { io.err(FailureNote.line(errors: outcome.errors, warnings: outcome.warnings, strict: outcome.strict)) }
    }
}

/// The short stderr line of a `--json` run that failed: the details are in the document.
enum FailureNote {
    static func line(errors: Int, warnings: Int, strict: Bool, failures: Int = 0) -> String {
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if strict && warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s") (--strict)") }
        if failures > 0 { parts.append("\(failures) test failure\(failures == 1 ? "" : "s")") }
        let what = parts.isEmpty ? "failed" : parts.joined(separator: ", ")
        return "error: \(what); the diagnostics are in the JSON on stdout"
    }
}
