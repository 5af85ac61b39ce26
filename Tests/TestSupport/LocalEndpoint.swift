import Foundation
import AWSClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local AWS endpoint (moto_server) for integration tests, through `scripts/local-endpoint`.
///
/// One per XCTest class: start it in `override class func setUp()`, stop it in
/// `override class func tearDown()`. It watches this test process, so a crashed run leaves
/// no moto behind.
public final class LocalEndpoint: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let url: URL
    /// Where the script keeps moto's pid, URL and log.
    public let stateDirectory: URL

    /// The repository root, found from this file's location.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    private init(url: URL, stateDirectory: URL) {
        self.url = url
        self.stateDirectory = stateDirectory
    }

    /// Starts moto on a free loopback port and waits until it answers.
    public static func start() throws -> LocalEndpoint {
        let state = FileManager.default.temporaryDirectory
            .appendingPathComponent("secmon-endpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let (status, output) = try runScript(["start", "--state", state.path,
                                              "--watch", String(ProcessInfo.processInfo.processIdentifier)])
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0, let line = text.split(separator: "\n").last, let url = URL(string: String(line)) else {
            throw StartFailure(description: "scripts/local-endpoint start failed (exit \(status)): \(text)")
        }
        return LocalEndpoint(url: url, stateDirectory: state)
    }

    /// Stops moto and its watcher; safe to call twice.
    public func stop() {
        _ = try? Self.runScript(["stop", "--state", stateDirectory.path])
        try? FileManager.default.removeItem(at: stateDirectory)
    }

    /// The environment a client (or the secmon binary) needs to talk to this endpoint.
    public var environment: [String: String] {
        ["AWS_ENDPOINT_URL": url.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
         "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"]
    }

    private static func runScript(_ arguments: [String]) throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-endpoint-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let script = repositoryRoot.appendingPathComponent("scripts/local-endpoint").path
        let status = try spawnAndWait(script, arguments, outputPath: output.path)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// Runs `path` with stdout and stderr to a file and no other inherited descriptors, and waits.
    ///
    /// Not `Process`: Foundation notices a child's exit through a descriptor the child inherits,
    /// and the script leaves moto and a watcher running that would inherit it too, so
    /// `waitUntilExit` would wait for moto to stop.
    private static func spawnAndWait(_ path: String, _ arguments: [String], outputPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        #if canImport(Glibc)
        closeInheritedDescriptors(&actions)
        #endif
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        #if canImport(Darwin)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #endif

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw StartFailure(description: "could not run \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw StartFailure(description: "waiting for \(path) failed") }
        }
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros aren't imported).
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    #if canImport(Glibc)
    /// Closes every descriptor above stderr in the child: glibc's closefrom action when this
    /// glibc has it (2.34+; looked up at run time, Swift doesn't import it), else each open one.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
    #endif
}

extension LocalEndpoint {
    /// Empties the account (moto's reset), so the tests of one class sharing an endpoint start
    /// from nothing.
    public func reset() throws {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sf", "-m", "10", "-X", "POST", url.appendingPathComponent("moto-api/reset").absoluteString]
        curl.standardInput = FileHandle.nullDevice
        curl.standardOutput = FileHandle.nullDevice
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let status = ChildExit.wait(for: curl)
        guard status == 0 else { throw StartFailure(description: "resetting the local endpoint failed (curl exit \(status))") }
    }

    /// A real client for this endpoint, to look at or change the account out of band.
    public func makeClient() throws -> AWSClient {
        let settings = try AWSSettings.resolve(environment: environment, readFile: { _ in nil })
        return AWSClient(configuration: AWSClient.Configuration(settings: settings))
    }
}
