import Foundation

/// Errors from replies that carry no AWS error document: a proxy's HTML page, a local
/// endpoint's crash page, an empty body. Always a typed error with a short, readable message.
enum NonAWSReply {
    static func error(_ response: HTTPResponse, service: ServiceModel, operation: OperationModel,
                      code: String? = nil, requestID: String? = nil) -> AWSError {
        AWSError(kind: .service, service: service.service.rawValue, operation: operation.name,
                 code: code ?? "HTTP\(response.status)", message: summary(response), status: response.status,
                 requestID: requestID ?? Self.requestID(response.headers))
    }

    /// The request id headers AWS services use.
    static func requestID(_ headers: [String: String]) -> String? {
        headers["x-amzn-requestid"] ?? headers["x-amz-request-id"] ?? headers["x-amzn-request-id"]
    }

    /// "Internal Server Error: <title or first words of the page>", at most ~200 characters.
    static func summary(_ response: HTTPResponse) -> String {
        let reason = reasonPhrase(response.status)
        let text = readableText(response.body)
        if text.isEmpty { return "\(reason) (the reply had no body)" }
        return "\(reason): \(text)"
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 301: return "Moved Permanently"
        case 307: return "Temporary Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 412: return "Precondition Failed"
        case 413: return "Payload Too Large"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP status \(status)"
        }
    }

    /// The body as one short line: an HTML page's <title> (or its text without tags), else the
    /// text itself; whitespace collapsed, control characters dropped, cut to 200 characters.
    static func readableText(_ body: Data) -> String {
        var text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        let lower = text.lowercased()
        if lower.contains("<html") || lower.contains("<!doctype") || lower.contains("<title") {
            if let title = between(text, "<title>", "</title>"), !collapse(title).isEmpty {
                text = title
            } else {
                text = stripTags(text)
            }
        }
        let line = collapse(text.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&"))
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    private static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open, options: .caseInsensitive),
              let end = text.range(of: close, options: .caseInsensitive, range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    private static func stripTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for ch in html {
            switch ch {
            case "<": inTag = true; out.append(" ")
            case ">": inTag = false
            default: if !inTag { out.append(ch) }
            }
        }
        return out
    }

    private static func collapse(_ s: String) -> String {
        s.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) || $0 == " " ? " " : String($0) }
            .joined().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
