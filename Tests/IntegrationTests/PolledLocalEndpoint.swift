import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Starts `scripts/local-endpoint` without waiting for the script process to exit.
///
/// Why not `LocalEndpoint.start()`: on this machine its `waitUntilExit` never returned (the
/// script's process was left unreaped, every integration run hung; seen 2026-11-25). This
/// variant launches the script detached from any pipe and polls the state directory for the
/// watcher file the script writes once moto answers. Stopping signals moto's process group.
struct PolledLocalEndpoint: Sendable {
    let url: URL
    let stateDirectory: URL

    struct StartFailure: Error, CustomStringConvertible { let description: String }

    var environment: [String: String] {
        ["AWS_ENDPOINT_URL": url.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
         "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"]
    }

    static func start(timeout: TimeInterval = 60) throws -> PolledLocalEndpoint {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-endpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = LocalEndpoint.repositoryRoot.appendingPathComponent("scripts/local-endpoint")
        process.arguments = ["start", "--state", state.path, "--watch", String(ProcessInfo.processInfo.processIdentifier)]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        let watcher = state.appendingPathComponent("watcher")
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: watcher.path),
               let text = try? String(contentsOf: state.appendingPathComponent("url"), encoding: .utf8),
               let url = URL(string: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return PolledLocalEndpoint(url: url, stateDirectory: state)
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw StartFailure(description: "moto did not start within \(Int(timeout)) s; see \(state.path)/moto.log")
    }

    func stop() {
        for file in ["watcher", "pid"] {
            guard let text = try? String(contentsOf: stateDirectory.appendingPathComponent(file), encoding: .utf8),
                  let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
            // moto runs in its own process group (setsid); the watcher is a plain process.
            _ = kill(file == "pid" ? -pid : pid, SIGTERM)
        }
        if ProcessInfo.processInfo.environment["SECMON_KEEP_ENDPOINT_STATE"] == nil {
            try? FileManager.default.removeItem(at: stateDirectory)
        }
    }
}
