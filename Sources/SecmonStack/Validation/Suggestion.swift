/// "did you mean" by edit distance, for misspelt keys, kinds, ids and attributes.
public enum Suggestion {
    /// `" (did you mean 'threshold'?)"`; when nothing is close enough, the valid values
    /// (`" (expected one of: a, b)"`, unless `listOtherwise` is false because the message
    /// already lists them, or there are too many to read).
    public static func didYouMean(_ word: String, among candidates: [String], listOtherwise: Bool = true) -> String {
        if let near = closest(to: word, among: candidates) { return " (did you mean '\(near)'?)" }
        guard listOtherwise, !candidates.isEmpty, candidates.count <= 16 else { return "" }
        return " (expected one of: \(candidates.sorted().joined(separator: ", ")))"
    }

    /// How alike two words must be for a suggestion: 1 - distance / longer length. One edit in
    /// a three-letter word (`sms` and `sqs`) is a different word, not a typo.
    static let minimumSimilarity = 0.75

    /// The closest candidate within a distance that still reads as a typo: case-only
    /// differences always, otherwise at most a third of the word (and at least 1, at most 3),
    /// and only when the two are at least `minimumSimilarity` alike.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let same = candidates.sorted().first(where: { $0.lowercased() == lowered }) { return same }
        let limit = max(1, min(3, word.count / 3))
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            let d = distance(lowered, candidate.lowercased())
            let similarity = 1 - Double(d) / Double(max(word.count, candidate.count, 1))
            if d <= limit, similarity >= minimumSimilarity, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Damerau-Levenshtein (optimal string alignment): a swap of neighbours counts as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Long inputs cannot be typos of short names; bail out cheaply.
        if abs(a.count - b.count) > 3 || a.count > 256 || b.count > 256 { return Int.max / 2 }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            previous2 = previous
            previous = current
        }
        return previous[b.count]
    }
}
