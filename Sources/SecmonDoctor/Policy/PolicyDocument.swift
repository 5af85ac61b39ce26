import Foundation

/// The parts of an IAM-style policy document (role, topic or queue policy) doctor evaluates.
/// Deliberately small: Allow/Deny statements with actions, resources, principals and
/// conditions; NotAction/NotResource/NotPrincipal are kept only as "cannot tell".
public struct PolicyDocument: Sendable, Hashable {
    public struct Statement: Sendable, Hashable {
        public var sid: String?
        public var allows: Bool
        public var actions: [String]
        public var resources: [String]
        /// Service principals, e.g. "cloudtrail.amazonaws.com".
        public var servicePrincipals: [String]
        /// AWS principals (ARNs or account ids); "*" means anyone.
        public var awsPrincipals: [String]
        /// `"Principal": "*"`.
        public var anyPrincipal: Bool
        /// operator -> key -> values, e.g. StringEquals -> aws:SourceAccount -> [123…].
        public var conditions: [String: [String: [String]]]
        /// NotAction, NotResource or NotPrincipal is present: doctor does not evaluate it.
        public var usesNegation: Bool

        /// The statement's Sid, or "(no Sid)", for evidence.
        public var label: String { sid ?? "(no Sid)" }

        public func matchesAction(_ action: String) -> Bool {
            actions.contains { Glob.matches($0, action, caseInsensitive: true) }
        }
        public func matchesResource(_ resource: String) -> Bool {
            resources.contains { Glob.matches($0, resource, caseInsensitive: false) }
        }
        public func names(service: String) -> Bool {
            anyPrincipal || awsPrincipals.contains("*") || servicePrincipals.contains(service)
        }
    }

    public var statements: [Statement]

    /// Parses policy JSON text; nil when it is not a policy document.
    public init?(json text: String) {
        guard let data = Self.decodedText(text).data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        let raw: [Any]
        if let list = object["Statement"] as? [Any] { raw = list }
        else if let one = object["Statement"] as? [String: Any] { raw = [one] }
        else { return nil }
        statements = raw.compactMap { $0 as? [String: Any] }.map(Self.statement)
    }

    /// IAM returns policy documents percent-encoded (RFC 3986); a client may or may not have
    /// decoded them. JSON text is returned as is; anything else is percent-decoded.
    public static func decodedText(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") { return text }
        return text.removingPercentEncoding ?? text
    }

    private static func statement(_ s: [String: Any]) -> Statement {
        var services: [String] = []
        var aws: [String] = []
        var anyone = false
        if let p = s["Principal"] as? String { anyone = p == "*" }
        if let p = s["Principal"] as? [String: Any] {
            services = strings(p["Service"])
            aws = strings(p["AWS"])
        }
        var conditions: [String: [String: [String]]] = [:]
        if let c = s["Condition"] as? [String: Any] {
            for (op, entries) in c {
                guard let entries = entries as? [String: Any] else { continue }
                conditions[op] = entries.mapValues(strings)
            }
        }
        return Statement(
            sid: s["Sid"] as? String, allows: (s["Effect"] as? String) != "Deny",
            actions: strings(s["Action"]), resources: strings(s["Resource"]),
            servicePrincipals: services, awsPrincipals: aws, anyPrincipal: anyone, conditions: conditions,
            usesNegation: s["NotAction"] != nil || s["NotResource"] != nil || s["NotPrincipal"] != nil)
    }

    private static func strings(_ value: Any?) -> [String] {
        if let s = value as? String { return [s] }
        if let l = value as? [Any] { return l.compactMap { ($0 as? String) ?? ($0 as? NSNumber)?.stringValue } }
        if let n = value as? NSNumber { return [n.stringValue] }
        return []
    }
}

/// IAM wildcard matching: `*` any run of characters, `?` one character.
enum Glob {
    static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool) -> Bool {
        let p = Array(caseInsensitive ? pattern.lowercased() : pattern)
        let t = Array(caseInsensitive ? text.lowercased() : text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
