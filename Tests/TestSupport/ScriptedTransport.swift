import AWSClient
import Foundation

/// A fake `HTTPTransport`: records every request and answers from a script, in order. When the
/// script runs out it repeats its last entry. Nothing touches the network.
public actor ScriptedTransport: HTTPTransport {
    public enum Reply: Sendable {
        case response(HTTPResponse)
        case failure(HTTPTransportError.Reason)
    }

    public private(set) var requests: [HTTPRequest] = []
    private var script: [Reply]

    public init(_ script: [Reply]) {
        self.script = script
    }

    /// Always answers `status` with `body`.
    public init(status: Int = 200, body: String = "", headers: [String: String] = ["x-amzn-requestid": "req-1"]) {
        self.init([.response(HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))])
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws(HTTPTransportError) -> HTTPResponse {
        requests.append(request)
        let reply = script.count > 1 ? script.removeFirst() : script.first
        switch reply {
        case .response(let response)?:
            return response
        case .failure(let reason)?:
            throw HTTPTransportError(reason: reason, url: request.url, detail: "scripted")
        case nil:
            throw HTTPTransportError(reason: .other, url: request.url, detail: "empty script")
        }
    }
}
