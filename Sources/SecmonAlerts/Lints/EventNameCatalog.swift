import Foundation

/// The eventName values CloudTrail can record, by eventSource, for the unknown-event-name lint.
///
/// API calls come from the generated botocore table (scripts/gen-event-names); CloudTrail also
/// records some events that are not API operations, listed by hand below (sign-in events and
/// Secrets Manager's service events, from their user guides).
public struct EventNameCatalog: Sendable {
    /// Each source's line of the table (its names after the first space), split into names
    /// only when a lint asks about that source: the table holds some 20,000 names, and
    /// splitting all of them into sets cost every command that loads a stack about 100 ms.
    private let lines: [String: Substring]
    private let everyName: AllNames

    public static let shared = EventNameCatalog(table: CloudTrailEventNames.table)

    static let nonAPIEvents: [String: [String]] = [
        "signin.amazonaws.com": ["ConsoleLogin", "CheckMfa", "SwitchRole", "ExitRole", "RenewRole",
                                 "CredentialChallenge", "CredentialVerification", "UserAuthentication",
                                 "PasswordRecoveryRequested", "PasswordRecoveryCompleted"],
        "secretsmanager.amazonaws.com": ["RotationStarted", "RotationSucceeded", "RotationFailed", "RotationAbandoned",
                                         "CancelSecretVersionDelete", "StartSecretVersionDelete", "EndSecretVersionDelete",
                                         "ReplicationStarted", "ReplicationSucceeded", "ReplicationFailed"],
        "iam.amazonaws.com": ["PasswordUpdated"],
    ]

    init(table: String) {
        var lines: [String: Substring] = [:]
        // By UTF-8 byte: the table is ASCII, and splitting it by Character is the slow part.
        for line in table.utf8.split(separator: UInt8(ascii: "\n")) {
            let words = Substring(line)
            guard let space = words.utf8.firstIndex(of: UInt8(ascii: " ")) else {
                if !words.isEmpty { lines[String(words)] = "" }
                continue
            }
            lines[String(words[..<space])] = words[words.index(after: space)...]
        }
        for source in Self.nonAPIEvents.keys where lines[source] == nil { lines[source] = "" }
        self.lines = lines
        everyName = AllNames()
    }

    /// The names `source` records; nil for a source the table does not know.
    func names(of source: String) -> Set<String>? {
        guard let line = lines[source] else { return nil }
        var names = Set(line.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) })
        names.formUnion(Self.nonAPIEvents[source] ?? [])
        return names
    }

    /// Every name of every source (built once, on first use: only a pattern naming no single
    /// known source needs it).
    var allNames: Set<String> {
        everyName.value { lines.keys.reduce(into: Set<String>()) { $0.formUnion(names(of: $1) ?? []) } }
    }

    /// Whether `name` is an event of `source` (of any source when nil), and if not, the closest
    /// known names (same letters in another case, or at most two edits away).
    public func check(eventName name: String, source: String?) -> (known: Bool, suggestions: [String]) {
        let candidates = source.flatMap(names(of:)) ?? allNames
        if candidates.contains(name) { return (true, []) }
        let lower = name.lowercased()
        let sameLetters = candidates.filter { $0.lowercased() == lower }
        if !sameLetters.isEmpty { return (false, sameLetters.sorted()) }
        let close = candidates.filter { abs($0.count - name.count) <= 2 && EventNameCatalog.distance($0, name, limit: 2) <= 2 }
        return (false, close.sorted().prefix(3).map { $0 })
    }

    /// Levenshtein distance, giving up above `limit`.
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            var rowMinimum = i
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}

/// `EventNameCatalog.allNames`, computed by the first caller.
private final class AllNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String>?

    func value(_ make: () -> Set<String>) -> Set<String> {
        lock.withLock {
            if let names { return names }
            let made = make()
            names = made
            return made
        }
    }
}
