/// Patterns that look right and miss events: a secret named in one form only, or an event name
/// the service does not have.
enum PatternLints {
    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        for filter in stack.all("metric_filter") {
            guard let pattern = stack.parsed(filter)?.pattern else { continue }
            findings += secretIdForms(filter, pattern, stack)
            // A generated `${secret.read_pattern}` is exact by construction.
            if filter.string("pattern") != nil { findings += secretIdWildcards(filter, pattern, stack) }
            findings += eventNames(filter, pattern, stack)
        }
        return findings
    }

    /// `requestParameters.secretId` holds what the caller passed: the name, a partial ARN or the
    /// full ARN (with the 6-character suffix). Literal comparisons covering one form miss the others.
    static func secretIdForms(_ filter: LintResource, _ pattern: FilterPattern, _ stack: LintedStack) -> [LintFinding] {
        let literals = pattern.equalityLiterals(of: "$.requestParameters.secretId")
        guard !literals.isEmpty, !pattern.hasNonLiteralComparison(on: "$.requestParameters.secretId") else { return [] }
        let arns = literals.filter { $0.hasPrefix("arn:") }
        let names = literals.filter { !$0.hasPrefix("arn:") }
        guard arns.isEmpty || names.isEmpty else { return [] }
        let secret = names.first ?? arns.first.map(secretName(fromARN:)) ?? "NAME"
        let form = names.isEmpty ? "an ARN" : "the name"
        return [stack.finding(.patternSingleSecretIdForm, on: filter,
            "metric filter '\(filter.id)' matches requestParameters.secretId only as \(form) ('\(literals[0])'); callers may pass the name, a partial ARN or the full ARN, and reads by the other forms go unseen",
            fix: "use pattern: ${\(stack.all("secret").first { $0.string("name") == secret }?.id ?? "SECRET").read_pattern}, which matches every form of exactly that secret")]
    }

    /// A wildcard (or regular expression) on a secret id that also accepts other secrets' ids:
    /// `*TopSecretInfo*` fires on `TopSecretInfoBackup`, `staging/TopSecretInfo`, and the same
    /// name in another account. Checked by trying such near misses against the comparison.
    static func secretIdWildcards(_ filter: LintResource, _ pattern: FilterPattern, _ stack: LintedStack) -> [LintFinding] {
        guard case .json(let condition) = pattern.body else { return [] }
        var examples: [String] = []
        var secret = "NAME"
        condition.visitComparisons { selector, comparison in
            guard secretIdSelectors.contains(selector.text), comparison.op == .equal else { return }
            let core: String
            switch comparison.value {
            case .text(let glob) where glob.anyPrefix || glob.anySuffix: core = secretName(inIdFragment: glob.literal)
            case .regex: core = stack.all("secret").first?.string("name") ?? ""
            default: return
            }
            guard !core.isEmpty else { return }
            secret = stack.all("secret").first { $0.string("name") == core }?.id ?? secret
            for other in nearMisses(of: core) where comparison.holds(for: other) && !examples.contains(other) {
                examples.append(other)
            }
        }
        guard !examples.isEmpty else { return [] }
        let shown = examples.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return [stack.finding(.patternSecretIdWildcard, on: filter,
            "metric filter '\(filter.id)' compares a secret id with a wildcard that also matches other secrets' ids, such as \(shown), so reads of other secrets raise the alarm",
            fix: "use pattern: ${\(secret).read_pattern}, which matches the name, the partial and the full ARN of exactly that secret")]
    }

    static let secretIdSelectors: Set<String> = ["$.requestParameters.secretId", "$.requestParameters.secretIdList[*]"]

    /// Ids of other secrets that a loose comparison on `name` is likely to accept.
    static func nearMisses(of name: String) -> [String] {
        let arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:"
        let others = [name + "Backup", name + "-v2", "staging/" + name, "Old" + name]
        return others + others.map { arn + $0 + "-AbCdEf" }
            + ["arn:aws:secretsmanager:us-east-1:444455556666:secret:\(name)-AbCdEf"]
    }

    /// The secret name inside a wildcard's literal: `:secret:NAME-` -> `NAME`.
    static func secretName(inIdFragment fragment: String) -> String {
        var name = Substring(fragment)
        if let range = name.range(of: ":secret:") { name = name[range.upperBound...] }
        while let last = name.last, last == "-" || last == ":" { name = name.dropLast() }
        return String(name)
    }

    /// `arn:...:secret:NAME-AbCdEf` -> `NAME` (a full ARN ends in a hyphen and 6 characters).
    static func secretName(fromARN arn: String) -> String {
        let last = String(arn.split(separator: ":", omittingEmptySubsequences: false).last ?? "")
        let parts = last.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count > 1, let suffix = parts.last, suffix.count == 6, suffix.allSatisfy({ $0.isLetter || $0.isNumber }) {
            return parts.dropLast().joined(separator: "-")
        }
        return last
    }

    static func eventNames(_ filter: LintResource, _ pattern: FilterPattern, _ stack: LintedStack) -> [LintFinding] {
        let sources = Set(pattern.equalityLiterals(of: "$.eventSource"))
        let source = sources.count == 1 ? sources.first : nil
        var findings: [LintFinding] = []
        for name in Set(pattern.equalityLiterals(of: "$.eventName")).sorted() {
            let (known, suggestions) = EventNameCatalog.shared.check(eventName: name, source: source)
            guard !known else { continue }
            let service = source.map { " of \($0)" } ?? ""
            let hint = suggestions.isEmpty ? "check the operation name in the service's API reference" : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            findings.append(stack.finding(.unknownEventName, on: filter,
                "metric filter '\(filter.id)' looks for eventName '\(name)', which is no event\(service) CloudTrail records, so it never matches",
                fix: hint))
        }
        return findings
    }
}

extension FilterPattern {
    /// The text values a JSON pattern compares `selector` with using `=` and no wildcard.
    public func equalityLiterals(of selector: String) -> [String] {
        guard case .json(let condition) = body else { return [] }
        var out: [String] = []
        condition.visitComparisons { s, comparison in
            guard s.text == selector, comparison.op == .equal, case .text(let glob) = comparison.value,
                  !glob.anyPrefix, !glob.anySuffix else { return }
            out.append(glob.literal)
        }
        return out
    }

    /// Whether some `=` comparison on `selector` uses a wildcard or a regular expression.
    func hasNonLiteralComparison(on selector: String) -> Bool {
        guard case .json(let condition) = body else { return false }
        var found = false
        condition.visitComparisons { s, comparison in
            guard s.text == selector, comparison.op == .equal else { return }
            switch comparison.value {
            case .text(let glob): if glob.anyPrefix || glob.anySuffix { found = true }
            case .regex: found = true
            case .number: break
            }
        }
        return found
    }
}

extension JSONCondition {
    func visitComparisons(_ body: (JSONSelector, ValueComparison) -> Void) {
        switch self {
        case .and(let a, let b), .or(let a, let b):
            a.visitComparisons(body)
            b.visitComparisons(body)
        case .compare(let selector, let comparison): body(selector, comparison)
        case .isNull, .isBoolean, .notExists: break
        }
    }
}
