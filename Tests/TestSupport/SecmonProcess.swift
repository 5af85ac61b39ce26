import Foundation

/// Runs the built `secmon` binary as a user would, for end-to-end tests.
public struct SecmonProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Both streams, for "never appears anywhere" checks.
        public var all: String { stdout + stderr }
    }

    /// `SECMON_BIN`, or the debug build in this checkout.
    public static var executable: String {
        ProcessInfo.processInfo.environment["SECMON_BIN"]
            ?? LocalEndpoint.repositoryRoot.appendingPathComponent(".build/debug/secmon").path
    }

    public var environment: [String: String]
    public var currentDirectory: URL

    public init(environment: [String: String], currentDirectory: URL = LocalEndpoint.repositoryRoot) {
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// Runs `secmon arguments...` to completion (stdin is empty, so never a terminal).
    @discardableResult
    public func run(_ arguments: [String]) throws -> Result {
        let process = try start(arguments)
        return process.wait()
    }

    /// Starts `secmon arguments...` and returns at once (to kill it mid-way, for example).
    public func start(_ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = currentDirectory
        // A clean environment: nothing from the developer's shell leaks into a test.
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
                   "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        process.environment = env
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return Running(process: process, stdout: stdout, stderr: stderr)
    }

    public final class Running: @unchecked Sendable {
        public let process: Process
        private let group = DispatchGroup()
        private var out = Data()
        private var err = Data()

        init(process: Process, stdout: Pipe, stderr: Pipe) {
            self.process = process
            // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
            group.enter()
            DispatchQueue.global().async { self.out = stdout.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
            group.enter()
            DispatchQueue.global().async { self.err = stderr.fileHandleForReading.readDataToEndOfFile(); self.group.leave() }
        }

        public func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

        public func wait() -> Result {
            let status = ChildExit.wait(for: process)
            group.wait()
            return Result(status: status, stdout: String(decoding: out, as: UTF8.self),
                          stderr: String(decoding: err, as: UTF8.self))
        }
    }
}
