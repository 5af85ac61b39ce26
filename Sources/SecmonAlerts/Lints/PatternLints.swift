/// Patterns that look right and miss events: a secret named in one form only, or an event name
/// the service does not have.
enum PatternLints {
    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        for filter in stack.all("metric_filter") {
            guard let pattern = stack.parsed(filter)?.pattern else { continue }
            findings += secretIdForms(filter, pattern, stack)
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
            fix: "compare against every form, e.g. $.requestParameters.secretId = \"\(secret)\" || $.requestParameters.secretId = \"*:secret:\(secret)*\"")]
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
