import Foundation

/// Helpers shared by the protocols' error decoding.
enum ReplyErrors {
    /// `aws.protocoltests#FooError:http://…` → `FooError`; nil when what is left is not a code.
    static func cleanCode(_ raw: String) -> String? {
        var code = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard !code.isEmpty, code.count <= 128, code.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        return code
    }

    /// One line, whitespace runs collapsed, at most 1000 characters.
    static func cleanMessage(_ message: String) -> String {
        let line = message.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return line.count > 1000 ? String(line.prefix(1000)) + "…" : line
    }

    /// A 2xx reply whose body is not what the protocol promises.
    static func unreadable(_ response: HTTPResponse, operation: OperationModel, service: ServiceModel,
                           expected: String) -> AWSError {
        AWSError(kind: .decoding, service: service.service.rawValue, operation: operation.name,
                 code: "UnreadableReply",
                 message: "the reply (HTTP \(response.status)) is not \(expected): "
                    + NonAWSReply.readableText(response.body),
                 status: response.status, requestID: NonAWSReply.requestID(response.headers))
    }
}
