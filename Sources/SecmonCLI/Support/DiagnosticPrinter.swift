import SecmonCore

/// Prints diagnostics to standard error, one `file:line:col: error: message` line each.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic], to errorOutput: (String) -> Void = Output.standardError) {
        for diagnostic in diagnostics { errorOutput(diagnostic.description) }
    }
}
