@testable import AWSClient
import Foundation
import TestSupport

/// A temporary HOME with ~/.aws files, and a loopback fake STS that hands out numbered keys
/// (`KEY-AssumeRole-1`, ...) and records who signed each call. Removed on `cleanUp()`.
final class CredentialTestHome: @unchecked Sendable {
    let home: URL
    let sts: LoopbackHTTPServer
    private let counter = LockedCounter()

    init(config: String = "", credentials: String = "") throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws/sso/cache"), withIntermediateDirectories: true)
        try config.write(to: home.appendingPathComponent(".aws/config"), atomically: true, encoding: .utf8)
        try credentials.write(to: home.appendingPathComponent(".aws/credentials"), atomically: true, encoding: .utf8)
        let counter = self.counter
        sts = try LoopbackHTTPServer { request in
            let form = formFields(request.body)
            let action = form["Action"] ?? "?"
            if let code = form["RoleArn"].flatMap({ $0.hasSuffix("/denied") ? "AccessDenied" : nil }) {
                return .init(403, "<ErrorResponse><Error><Code>\(code)</Code><Message>not allowed</Message></Error></ErrorResponse>")
            }
            let n = counter.next()
            let session = form["RoleSessionName"] ?? "-"
            return .init(200, """
            <\(action)Response><\(action)Result><Credentials><AccessKeyId>KEY-\(action)-\(n)</AccessKeyId>\
            <SecretAccessKey>SECRET-\(n)</SecretAccessKey><SessionToken>TOKEN-\(n)</SessionToken>\
            <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>\
            <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/\(session)</Arn><AssumedRoleId>AROA:x</AssumedRoleId>\
            </AssumedRoleUser></\(action)Result></\(action)Response>
            """)
        }
    }

    func cleanUp() {
        sts.stop()
        try? FileManager.default.removeItem(at: home)
    }

    /// Writes `text` to a file under HOME and returns its path.
    @discardableResult
    func write(_ relativePath: String, _ text: String, executable: Bool = false) throws -> String {
        let url = home.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        return url.path
    }

    /// HOME, a region, STS at the fake, no instance metadata; plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": home.path, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": sts.url.absoluteString,
         "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { _, new in new }
    }

    /// The chain as secmon builds it, with the real file reader and transport.
    func provider(_ extra: [String: String] = [:], profile: String? = nil, now: @escaping @Sendable () -> Date = { Date() },
                  readMFACode: @escaping MFACodeReader = { _ in nil }) throws -> DefaultCredentialProvider {
        let env = environment(extra)
        let settings = try AWSSettings.resolve(profile: profile, environment: env)
        return DefaultCredentialProvider(environment: env, profile: settings.profile, files: SharedConfigFiles(environment: env),
                                         region: settings.region, endpoints: settings.endpoints, now: now,
                                         readMFACode: readMFACode)
    }

    func resolve(_ extra: [String: String] = [:], profile: String? = nil,
                 readMFACode: @escaping MFACodeReader = { _ in nil }) async throws -> SourcedCredentials {
        try await provider(extra, profile: profile, readMFACode: readMFACode).sourcedCredentials()
    }

    /// The access key that signed each call to the fake STS.
    var stsSigners: [String] {
        sts.requests.map { request in
            guard let auth = request.headers["authorization"], let range = auth.range(of: "Credential=") else { return "unsigned" }
            return String(auth[range.upperBound...].prefix { $0 != "/" })
        }
    }

    /// The form parameters of each call to the fake STS.
    var stsForms: [[String: String]] {
        sts.requests.map { formFields($0.body) }
    }
}

/// A query-protocol form body as fields.
func formFields(_ body: Data) -> [String: String] {
    Dictionary(String(decoding: body, as: UTF8.self).split(separator: "&").map { pair -> (String, String) in
        let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
        return (kv[0], kv.count > 1 ? kv[1] : "")
    }, uniquingKeysWith: { a, _ in a })
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}

/// The sentence of the credentials error `body` throws ("" when it succeeds or throws otherwise).
func credentialsError(_ body: () async throws -> Any) async -> String {
    do {
        _ = try await body()
        return ""
    } catch let error as AWSError where error.kind == .credentials {
        return error.description
    } catch {
        return "unexpected: \(error)"
    }
}
