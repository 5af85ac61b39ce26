import Foundation

/// What secmon knows about where its output goes and where its input comes from.
enum Terminal {
    /// Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or --no-color.
    static func wantsColor(noColorFlag: Bool, environment: [String: String]) -> Bool {
        !noColorFlag && environment["NO_COLOR"].map(\.isEmpty) ?? true && isatty(STDOUT_FILENO) == 1
    }

    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Asks for `yes` on a terminal. Anything else declines.
    static func confirm(_ question: String, output: (String) -> Void) -> Bool {
        output(question)
        output("  Only 'yes' will be accepted to approve.")
        FileHandle.standardOutput.write(Data("\n  Enter a value: ".utf8))
        return readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
