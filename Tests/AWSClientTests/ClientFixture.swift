@testable import AWSClient
import Foundation
import TestSupport

/// A client wired to a scripted transport, with recorded sleeps, a fixed clock and
/// recognisable fake secrets (so tests can assert they never appear in output).
struct ClientFixture {
    static let secretKey = "SECRETKEY-wJalrXUtnFEMI-EXAMPLE"
    static let sessionToken = "SESSIONTOKEN-FQoGZXIvYXdzEXAMPLE"
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secretKey, sessionToken: sessionToken)

    let transport: ScriptedTransport
    let sleeps = Recorder<Duration>()
    let logLines = LockedRecorder<String>()
    let client: AWSClient

    init(_ transport: ScriptedTransport, region: String = "us-east-1", endpoint: String? = "http://127.0.0.1:5000",
         maxAttempts: Int = 3) {
        self.transport = transport
        let sleeps = self.sleeps, logLines = self.logLines
        let overrides = (try? EndpointOverrides(explicit: endpoint, environment: [:],
                                                profile: ProfileSelection(name: "default", source: .default))) ?? .none
        client = AWSClient(configuration: .init(
            region: region, credentials: StaticCredentialProvider(Self.credentials),
            endpoints: EndpointResolver(region: region, overrides: overrides),
            retry: RetryPolicy(maxAttempts: maxAttempts, sleep: { await sleeps.append($0) }, random: { 0.5 }),
            transport: transport, debugLogger: { line in logLines.append(line) },
            now: { Date(timeIntervalSince1970: 1_440_938_160) }))
    }

    /// A JSON-1.1-like call whose body is the input's string members, and whose error replies
    /// are `{"__type": code, "message": ...}`.
    static func jsonCall(_ service: AWSService = .logs, _ operation: String = "DescribeLogGroups",
                         signingName: String? = nil, input: AWSValue = [:]) -> WireCall {
        WireCall(service: service, operation: operation, signingName: signingName ?? service.rawValue,
                 endpointPrefix: service.rawValue,
                 encode: { try encodeJSON(input, target: "\(service.rawValue).\(operation)") },
                 decodeError: { response in
                     let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
                     return AWSError(kind: .service, service: service.rawValue, operation: operation,
                                     code: object["__type"] as? String ?? "Unknown", message: object["message"] as? String ?? "",
                                     status: response.status)
                 })
    }

    static func encodeJSON(_ input: AWSValue, target: String) throws -> EncodedRequest {
        let strings = input.map.compactMapValues(\.string)
        let body = try JSONSerialization.data(withJSONObject: strings, options: [.sortedKeys])
        return EncodedRequest(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                                                                    HTTPHeader("X-Amz-Target", target)], body: body)
    }
}

actor Recorder<Element: Sendable> {
    private(set) var items: [Element] = []
    func append(_ item: Element) { items.append(item) }
}

/// For synchronous callbacks such as the debug logger.
final class LockedRecorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Element] = []
    var items: [Element] { lock.withLock { storage } }
    func append(_ item: Element) { lock.withLock { storage.append(item) } }
}

extension HTTPRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

func reply(_ status: Int, _ body: String = "{}") -> ScriptedTransport.Reply {
    .response(HTTPResponse(status: status, headers: ["x-amzn-requestid": "req-\(status)"], body: Data(body.utf8)))
}
