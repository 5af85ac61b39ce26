import Foundation

/// `scripts/transport-test-server`: a loopback HTTP/1.1 (or HTTPS, self-signed) server that
/// counts connections and TLS handshakes and misbehaves on request (see the script).
public final class TransportTestServer: @unchecked Sendable {
    public let url: URL
    /// The self-signed certificate, as a CA bundle a client can trust (TLS only).
    public let certificateAuthority: String?
    private let process: Process
    private let portFile: URL

    public struct Counts: Decodable, Sendable, Hashable {
        public var connections: Int
        public var requests: Int
        public var tls_handshakes: Int
        public var tls_resumed: Int
    }

    public static func start(idleCloseMilliseconds: Int = 0, tls: Bool = false) throws -> TransportTestServer {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-transport-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = LocalEndpoint.repositoryRoot.appendingPathComponent("scripts/transport-test-server")
        process.arguments = ["--port-file", portFile.path, "--idle-close-ms", String(idleCloseMilliseconds)]
            + (tls ? ["--tls"] : [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        struct Started: Decodable { var url: String; var ca: String? }
        for _ in 0..<200 {
            if let data = try? Data(contentsOf: portFile), let started = try? JSONDecoder().decode(Started.self, from: data),
               let url = URL(string: started.url) {
                return TransportTestServer(url: url, certificateAuthority: started.ca, process: process, portFile: portFile)
            }
            usleep(25_000)
        }
        kill(process.processIdentifier, SIGKILL)
        _ = ChildExit.wait(for: process)
        throw LocalEndpoint.StartFailure(description: "scripts/transport-test-server did not start")
    }

    private init(url: URL, certificateAuthority: String?, process: Process, portFile: URL) {
        self.url = url
        self.certificateAuthority = certificateAuthority
        self.process = process
        self.portFile = portFile
    }

    /// `path` on this server (`/ok`, `/reset`, ...).
    public func url(_ path: String) -> URL { url.appendingPathComponent(path) }

    public func counts() throws -> Counts {
        try JSONDecoder().decode(Counts.self, from: Data(contentsOf: URL(fileURLWithPath: portFile.path + ".stats")))
    }

    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        _ = ChildExit.wait(for: process)
        for suffix in ["", ".stats"] { try? FileManager.default.removeItem(atPath: portFile.path + suffix) }
        if let certificateAuthority {
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: certificateAuthority).deletingLastPathComponent())
        }
    }
}
