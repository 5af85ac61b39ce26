import Foundation

/// The `--debug` line for one attempt. Built only from values that are safe to show: no headers,
/// no query, no body (where secrets, tokens and signatures live), just where it went and how it ended.
struct RequestLog: Sendable {
    var service: AWSService
    var operation: String
    var method: String
    var host: String
    var attempt: Int
    var maxAttempts: Int

    func line(status: Int?, requestID: String?, failure: String?, duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        var line = "aws: \(method) \(service.rawValue) \(operation) host=\(host)"
        line += status.map { " status=\($0)" } ?? " status=none"
        line += " duration=\(milliseconds)ms attempt=\(attempt)/\(maxAttempts)"
        if let requestID { line += " request-id=\(requestID)" }
        if let failure { line += " error=\(failure)" }
        return line
    }

    static func requestID(of response: HTTPResponse) -> String? {
        response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"] ?? response.headers["x-amzn-request-id"]
    }
}
