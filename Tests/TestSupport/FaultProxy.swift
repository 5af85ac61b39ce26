import Foundation

/// `scripts/fault-proxy` in front of a local endpoint: a fixed delay per request, request
/// counts per operation, and seeded faults (throttling, HTML 500s, resets, lost replies).
public final class FaultProxy: @unchecked Sendable {
    public let url: URL
    private let process: Process
    private let lock = NSLock()
    private var stopped: Int32?

    public static func start(inFrontOf endpoint: LocalEndpoint, delayMilliseconds: Int = 0, faultRate: Double = 0,
                             faults: [String] = ["throttle", "500", "reset", "lost"], seed: Int = 0) throws -> FaultProxy {
        try start(target: endpoint.url, delayMilliseconds: delayMilliseconds, faultRate: faultRate, faults: faults, seed: seed)
    }

    /// A proxy in front of any URL (it connects only when a request comes).
    public static func start(target: URL, delayMilliseconds: Int = 0, faultRate: Double = 0,
                             faults: [String] = ["throttle", "500", "reset", "lost"], seed: Int = 0) throws -> FaultProxy {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-proxy-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = LocalEndpoint.repositoryRoot.appendingPathComponent("scripts/fault-proxy")
        process.arguments = ["--target", target.absoluteString, "--delay-ms", String(delayMilliseconds),
                             "--fault-rate", String(faultRate), "--faults", faults.joined(separator: ","),
                             "--seed", String(seed), "--port-file", portFile.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let url = URL(string: text), !text.isEmpty {
                try? FileManager.default.removeItem(at: portFile)
                return FaultProxy(url: url, process: process)
            }
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGKILL)
        throw LocalEndpoint.StartFailure(description: "scripts/fault-proxy did not start")
    }

    private init(url: URL, process: Process) {
        self.url = url
        self.process = process
    }

    /// The environment that sends a client (or the secmon binary) through this proxy.
    public func environment(from endpoint: LocalEndpoint) -> [String: String] {
        var env = endpoint.environment
        env["AWS_ENDPOINT_URL"] = url.absoluteString
        return env
    }

    /// Changes the fault rate at run time (0 turns faults off).
    public func setFaultRate(_ rate: Double) throws {
        try send("__proxy/config", post: "{\"fault_rate\": \(rate)}")
    }

    /// Requests seen so far, by operation (e.g. "GetSecretValue": 0).
    public func operationCounts() throws -> [String: Int] {
        let data = try send("__proxy/stats")
        let stats = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return stats?["operations"] as? [String: Int] ?? [:]
    }

    /// Stops the proxy from any thread, and returns its exit status (128 + 15 when SIGTERM
    /// stopped it). The script unblocks SIGTERM itself (a process started from an async test
    /// inherits blocked signals); should it still be running after 30 seconds, SIGKILL ends it.
    @discardableResult
    public func stop() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let stopped { return stopped }
        kill(process.processIdentifier, SIGTERM)
        var status = ChildExit.wait(for: process, timeout: .seconds(30))
        if status == nil {
            kill(process.processIdentifier, SIGKILL)
            status = ChildExit.wait(for: process)
        }
        stopped = status
        return status ?? 128 + SIGKILL
    }

    @discardableResult
    private func send(_ path: String, post body: String? = nil) throws -> Data {
        // curl keeps the proxy's control calls out of the code under test.
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var args = ["-s", "-m", "10", url.appendingPathComponent(path).absoluteString]
        if let body { args += ["-X", "POST", "-d", body] }
        curl.arguments = args
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-curl-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        curl.standardOutput = handle
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        _ = ChildExit.wait(for: curl)
        try handle.close()
        defer { try? FileManager.default.removeItem(at: out) }
        return try Data(contentsOf: out)
    }
}
