import ArgumentParser
import Foundation

/// How every command ends on failure: `error: <sentence>` on stderr and exit status 1, never a
/// stack trace or a Swift type dump.
public enum ErrorReporting {
    /// The one line printed for `error`. Newlines inside a message (an AWS reply can carry some)
    /// are folded so the report stays one line.
    public static func line(for error: any Error) -> String {
        let text: String
        if let localized = error as? LocalizedError, let description = localized.errorDescription {
            text = description
        } else {
            text = String(describing: error)
        }
        let folded = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return "error: " + folded
    }

    /// Runs `body`; any error is written through `errorOutput` as one line and becomes exit status 1.
    public static func run(errorOutput: (String) -> Void = Output.standardError,
                           _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            errorOutput(line(for: error))
            throw ExitCode.failure
        }
    }
}

/// Line writers for stdout and stderr, passed around so commands can be run in tests.
public enum Output {
    public static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
