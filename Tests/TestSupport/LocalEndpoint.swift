import Foundation

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
        let process = Process()
        process.executableURL = repositoryRoot.appendingPathComponent("scripts/local-endpoint")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The script's background processes write elsewhere, so the pipe closes when it exits.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
