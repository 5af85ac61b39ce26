/// The eventName values CloudTrail can record, by eventSource, for the unknown-event-name lint.
///
/// API calls come from the generated botocore table (scripts/gen-event-names); CloudTrail also
/// records some events that are not API operations, listed by hand below (sign-in events and
/// Secrets Manager's service events, from their user guides).
public struct EventNameCatalog: Sendable {
    public let namesBySource: [String: Set<String>]
    let allNames: Set<String>

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
        var bySource: [String: Set<String>] = [:]
        for line in table.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let source = words.first else { continue }
            bySource[String(source)] = Set(words.dropFirst().map(String.init))
        }
        for (source, names) in EventNameCatalog.nonAPIEvents { bySource[source, default: []].formUnion(names) }
        namesBySource = bySource
        allNames = bySource.values.reduce(into: Set<String>()) { $0.formUnion($1) }
    }

    /// Whether `name` is an event of `source` (of any source when nil), and if not, the closest
    /// known names (same letters in another case, or at most two edits away).
    public func check(eventName name: String, source: String?) -> (known: Bool, suggestions: [String]) {
        let candidates: Set<String>
        if let source, let names = namesBySource[source] { candidates = names } else { candidates = allNames }
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
