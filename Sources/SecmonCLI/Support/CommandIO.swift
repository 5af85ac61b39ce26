import ArgumentParser
import Foundation

/// What a command runs against: its output streams and its environment. Commands never reach
/// for stdout, stderr or the process environment themselves, so tests run them in-process.
public struct CommandIO: Sendable {
    /// Writes text to standard output as given (no newline added).
    public var writeOut: @Sendable (String) -> Void
    /// Writes text to standard error as given.
    public var writeErr: @Sendable (String) -> Void
    public var environment: [String: String]
    /// Whether standard input is a terminal (apply's question, test-pattern's note).
    public var inputIsTerminal: Bool
    /// Whether standard output is a terminal (colour).
    public var outputIsTerminal: Bool
    /// One line of standard input without its newline; nil at its end.
    public var readLine: @Sendable () -> String?

    public init(writeOut: @escaping @Sendable (String) -> Void, writeErr: @escaping @Sendable (String) -> Void,
                environment: [String: String] = [:], inputIsTerminal: Bool = false, outputIsTerminal: Bool = false,
                readLine: @escaping @Sendable () -> String? = { nil }) {
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.environment = environment
        self.inputIsTerminal = inputIsTerminal
        self.outputIsTerminal = outputIsTerminal
        self.readLine = readLine
    }

    /// The process's own streams and environment.
    public static var standard: CommandIO {
        CommandIO(writeOut: { FileHandle.standardOutput.write(Data($0.utf8)) },
                  writeErr: { FileHandle.standardError.write(Data($0.utf8)) },
                  environment: ProcessInfo.processInfo.environment,
                  inputIsTerminal: isatty(STDIN_FILENO) == 1, outputIsTerminal: isatty(STDOUT_FILENO) == 1,
                  readLine: { Swift.readLine(strippingNewline: true) })
    }

    /// One line on standard output.
    public var out: @Sendable (String) -> Void { let write = writeOut; return { write($0 + "\n") } }
    /// One line on standard error.
    public var err: @Sendable (String) -> Void { let write = writeErr; return { write($0 + "\n") } }

    /// Colour on a terminal, unless NO_COLOR is set (https://no-color.org) or --no-color.
    func wantsColor(noColorFlag: Bool) -> Bool {
        !noColorFlag && (environment["NO_COLOR"].map(\.isEmpty) ?? true) && outputIsTerminal
    }
}

/// How a command ends. The one way to choose an exit status: `execute` returns it; a thrown
/// error becomes `failure` with one `error:` line on stderr (see `CommandRunner`).
public struct CommandStatus: Hashable, Sendable, CustomStringConvertible {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    public static let success = CommandStatus(0)
    public static let failure = CommandStatus(1)
    /// `plan --detailed-exitcode` with changes; doctor and drill when a link fails.
    public static let changesOrFailedLink = CommandStatus(2)
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    public static let interrupted = CommandStatus(130)
    public var description: String { String(code) }
}

/// Diagnostics were already shown to the user; the command fails without another line.
struct AlreadyReported: Error {}

/// A subcommand: its flags are parsed into the value, `execute` does the work through `io`.
protocol SecmonRunnable: AsyncParsableCommand {
    func execute(_ io: CommandIO) async throws -> CommandStatus
}

extension SecmonRunnable {
    func run() async throws {
        let status = await CommandRunner.run(self, io: .standard)
        if status != .success { throw ExitCode(status.code) }
    }
}

/// Runs a command and turns whatever it throws into its exit status and one line on stderr,
/// never a stack trace or a Swift type dump.
public enum CommandRunner {
    static func run(_ command: some SecmonRunnable, io: CommandIO) async -> CommandStatus {
        do {
            return try await command.execute(io)
        } catch is AlreadyReported {
            return .failure
        } catch let exit as ExitCode {
            return CommandStatus(exit.rawValue)
        } catch {
            io.err(ErrorReporting.line(for: error))
            return .failure
        }
    }
}

/// The one line printed for an error a command could not handle.
public enum ErrorReporting {
    /// `error: <sentence>`. Newlines inside a message (an AWS reply can carry some) are folded so
    /// the report stays one line.
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
}

/// A `TextOutputStream` over one of `CommandIO`'s writers, for output written in pieces.
struct StreamWriter: TextOutputStream {
    let sink: @Sendable (String) -> Void
    mutating func write(_ string: String) { sink(string) }
}

/// Everything a command wrote, for running it in-process (tests).
public final class OutputCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    public init() {}
    public var stdout: String { lock.withLock { outText } }
    public var stderr: String { lock.withLock { errText } }
    /// Standard output's lines, without their newlines.
    public var outLines: [String] { Self.lines(stdout) }
    public var errLines: [String] { Self.lines(stderr) }

    /// An IO whose streams write here.
    public func io(environment: [String: String] = [:], inputIsTerminal: Bool = false,
                   readLine: @escaping @Sendable () -> String? = { nil }) -> CommandIO {
        CommandIO(writeOut: { text in self.lock.withLock { self.outText += text } },
                  writeErr: { text in self.lock.withLock { self.errText += text } },
                  environment: environment, inputIsTerminal: inputIsTerminal, readLine: readLine)
    }

    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
