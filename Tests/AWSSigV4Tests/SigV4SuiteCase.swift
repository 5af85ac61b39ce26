import AWSSigV4
import Foundation

/// One case of the public SigV4 suite in Fixtures/sigv4/v4 (see its README.md).
struct SigV4SuiteCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    let name: String
    let directory: URL
    let context: Context
    let request: SigV4Request
    let date: Date

    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sigv4/v4")

    static func all() throws -> [SigV4SuiteCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path).sorted()
        return try names.map { try SigV4SuiteCase(name: $0) }
    }

    init(name: String) throws {
        self.name = name
        directory = Self.suiteDirectory.appendingPathComponent(name)
        context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
        request = try Self.parseRequest(String(decoding: Data(contentsOf: directory.appendingPathComponent("request.txt")), as: UTF8.self))
        guard let parsed = ISO8601DateFormatter().date(from: context.timestamp) else {
            throw FixtureError("\(name): bad timestamp \(context.timestamp)")
        }
        date = parsed
    }

    func expected(_ file: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(file)), as: UTF8.self)
    }

    /// The signer this case describes, for header signing.
    var headerSigner: SigV4Signer {
        SigV4Signer(credentials: credentials, region: context.region, service: context.service, options: SigV4Options(
            normalizePath: context.normalize,
            doubleEncodePath: true,  // the suite's reference harness (README: "URI encoding")
            signsPayloadHashHeader: context.sign_body,
            sessionTokenPlacement: context.omit_session_token == true ? .addedAfterSigning : .signed))
    }

    /// Query signing never adds `x-amz-content-sha256` (README: `sign_body`).
    var querySigner: SigV4Signer {
        var signer = headerSigner
        signer.options.signsPayloadHashHeader = false
        return signer
    }

    private var credentials: SigV4Credentials {
        SigV4Credentials(accessKeyID: context.credentials.access_key_id,
                         secretAccessKey: context.credentials.secret_access_key,
                         sessionToken: context.credentials.token)
    }

    /// Request line, `Name:value` headers (indented lines continue the previous one), blank line, body.
    static func parseRequest(_ text: String) throws -> SigV4Request {
        let (head, body): (Substring, Substring)
        if let blank = text.range(of: "\n\n") {
            (head, body) = (text[..<blank.lowerBound], text[blank.upperBound...])
        } else {
            (head, body) = (Substring(text), "")
        }
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let requestLine = lines.popFirst(), let firstSpace = requestLine.firstIndex(of: " "),
              let version = requestLine.range(of: " HTTP/", options: .backwards) else {
            throw FixtureError("bad request line in \(text)")
        }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<version.lowerBound]
        let path: Substring, queryText: Substring
        if let mark = target.firstIndex(of: "?") {
            (path, queryText) = (target[..<mark], target[target.index(after: mark)...])
        } else {
            (path, queryText) = (target, "")
        }
        let query = queryText.split(separator: "&").map { pair -> SigV4Request.QueryParameter in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return .init(URIEncoding.decode(String(parts[0])), parts.count > 1 ? URIEncoding.decode(String(parts[1])) : "")
        }
        var headers: [SigV4Request.Header] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                throw FixtureError("bad header line \(line)")
            }
        }
        return SigV4Request(method: method, path: String(path), query: query, headers: headers, body: Array(body.utf8))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
