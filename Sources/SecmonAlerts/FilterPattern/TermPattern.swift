/// An unstructured-text pattern: terms and quoted phrases that must all appear, `-` terms that
/// must not, and `?` terms of which one must appear (FilterAndPatternSyntax, "Using filter
/// patterns to match terms in unstructured log events").
///
/// Rules implemented: matching is case sensitive and by substring (`ERROR` matches
/// `ERRORCODE`); unquoted terms hold letters, digits and `_` only, anything else must be quoted;
/// `?` terms are ignored when the pattern also has plain or `-` terms (as documented); a quoted
/// phrase that is empty or blank (`" "`) matches everything (as documented).
struct TermPattern: Sendable, Hashable {
    var required: [String] = []
    var excluded: [String] = []
    var optional: [String] = []
    var matchesEverything = false

    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> TermPattern {
        var pattern = TermPattern()
        while true {
            scanner.skipBlanks()
            guard let c = scanner.current else { break }
            let termStart = scanner.position
            var prefix: Unicode.Scalar?
            if c == "?" || c == "-" {
                prefix = c
                scanner.position += 1
            }
            guard let first = scanner.current, !PatternScanner.isBlank(first) else {
                throw scanner.error("expected a term after '\(prefix.map(String.init) ?? "")'")
            }
            var text: String
            var quoted = false
            if first == "\"" {
                text = try scanner.readQuoted()
                quoted = true
            } else if first == "%" {
                throw scanner.error("a regular expression must be the whole pattern (%...%); it cannot be combined with terms")
            } else {
                var raw = String.UnicodeScalarView()
                while let c = scanner.current, !PatternScanner.isBlank(c) {
                    guard PatternScanner.isNameCharacter(c) else {
                        throw scanner.error("expected a letter, digit or '_' in a term; put terms with '\(c)' in double quotes")
                    }
                    raw.append(c)
                    scanner.position += 1
                }
                text = String(raw)
            }
            if let c = scanner.current, !PatternScanner.isBlank(c) {
                throw scanner.error("expected a blank between terms, found '\(c)'")
            }
            if quoted && text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                guard let prefix else { pattern.matchesEverything = true; continue }
                throw scanner.error("expected a non-blank term after '\(prefix)'", at: termStart)
            }
            switch prefix {
            case "?": pattern.optional.append(text)
            case "-": pattern.excluded.append(text)
            default: pattern.required.append(text)
            }
        }
        return pattern
    }

    func matches(_ message: String) -> Bool {
        if !required.isEmpty || !excluded.isEmpty {
            return required.allSatisfy { ByteSearch.contains(message, $0) }
                && !excluded.contains { ByteSearch.contains(message, $0) }
        }
        if !optional.isEmpty { return optional.contains { ByteSearch.contains(message, $0) } }
        return true
    }
}

/// Case-sensitive substring search on UTF-8 bytes (no Unicode normalization: CloudWatch Logs
/// compares bytes as sent).
enum ByteSearch {
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var h = haystack
        var n = needle
        return h.withUTF8 { hb in n.withUTF8 { nb in contains(hb, nb) } }
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count
        if n == 0 { return true }
        guard haystack.count >= n else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - n
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < n, haystack[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}
