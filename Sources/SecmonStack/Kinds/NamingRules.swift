/// Naming rules AWS enforces that a character class cannot express, shared by several kinds.
enum NamingRules {
    /// "192.168.5.4"
    static func looksLikeIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && (Int(part) ?? 256) <= 255
        }
    }

    static let notAnIPAddress = StringRule("not formatted as an IP address") { text in
        looksLikeIPv4(text) ? "is formatted as an IP address" : nil
    }

    static func startsAndEndsAlphanumeric(_ what: String) -> StringRule {
        StringRule("starts and ends with a \(what)") { text in
            guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return nil }
            let ok: (Unicode.Scalar) -> Bool = { c in
                what == "lowercase letter or digit"
                    ? (("a"..."z").contains(c) || ("0"..."9").contains(c))
                    : (("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c))
            }
            if !ok(first) { return "must start with a \(what)" }
            if !ok(last) { return "must end with a \(what)" }
            return nil
        }
    }

    /// The characters people use for ARNs, key ids and aliases.
    static let printableASCII = CharacterSetRule(ranges: ["!"..."~"], extra: "", description: "printable ASCII characters without spaces")
}
