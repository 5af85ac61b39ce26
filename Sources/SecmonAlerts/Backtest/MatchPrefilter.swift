import Foundation

/// Text a record must contain, byte for byte, for a filter pattern to be able to match it;
/// records without it are known not to match without being parsed.
///
/// Sound by construction: only conditions every match needs contribute (terms that must
/// appear; `=` on a JSON property with a literal; of `a || b`, a literal both sides need, such as
/// `GetSecretValue` inside `BatchGetSecretValue`), and a JSON string can spell a letter as a `\u`
/// escape, so a record containing `\u` is always parsed. Literals holding a character JSON
/// escapes otherwise (`"`, `\`, `/`, control characters) are not used.
public struct MatchPrefilter: Sendable, Hashable {
    /// Every one must appear in a record that can match; empty: every record is evaluated.
    public let literals: [[UInt8]]

    public init(_ pattern: FilterPattern) {
        let candidates: [String]
        switch pattern.body {
        case .terms(let terms): candidates = terms.required + (terms.required.isEmpty && terms.excluded.isEmpty && terms.optional.count == 1 ? terms.optional : [])
        case .json(let condition): candidates = Self.required(by: condition)
        case .matchAll, .regex, .spaceDelimited: candidates = []
        }
        var seen = Set<String>()
        literals = candidates.filter { text in
            !text.isEmpty && !text.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0 == "/" || $0.value < 0x20 }
                && seen.insert(text).inserted
        }.map { Array($0.utf8) }
    }

    init(literals: [[UInt8]]) { self.literals = literals }

    static func required(by condition: JSONCondition) -> [String] {
        switch condition {
        case .and(let a, let b): return required(by: a) + required(by: b)
        case .or(let a, let b):
            // A record matching either side holds a literal of that side, and so every literal
            // that both sides' literals contain.
            let left = required(by: a), right = required(by: b)
            return left.filter { l in right.contains { $0.contains(l) } } + right.filter { r in left.contains { $0.contains(r) } }
        case .compare(_, let comparison):
            guard comparison.op == .equal else { return [] }
            switch comparison.value {
            case .text(let glob): return [glob.literal]
            case .number, .regex: return []
            }
        case .isBoolean(_, let value): return [value ? "true" : "false"]
        case .isNull, .notExists: return []
        }
    }

    /// How often each byte value occurs in a sample of a buffer: the search anchors each
    /// literal on its rarest byte, so memchr stops rarely (an `s` every 20 bytes of CloudTrail,
    /// a `V` every few hundred).
    struct ByteCounts {
        var counts = [Int](repeating: 0, count: 256)

        init(sampling buffer: UnsafeBufferPointer<UInt8>, bytes: Int = 64 * 1024) {
            for byte in buffer.prefix(bytes) { counts[Int(byte)] += 1 }
        }

        /// The offset in `literal` of its rarest byte (the first of equals).
        func anchor(of literal: [UInt8]) -> Int {
            literal.indices.min { (counts[Int(literal[$0])], $0) < (counts[Int(literal[$1])], $1) } ?? 0
        }
    }

    /// Offsets of every occurrence of `needle` in `haystack`, ascending.
    static func occurrences(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, anchor: Int = 0) -> [Int] {
        guard let base = haystack.baseAddress, !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var out: [Int] = []
        // memchr for the anchor byte (vectorised in libc), then a compare; Glibc's memmem needs
        // _GNU_SOURCE, which Swift's Glibc module does not define.
        needle.withUnsafeBufferPointer { n in
            guard let nb = n.baseAddress else { return }
            var offset = anchor
            let last = haystack.count - n.count + anchor
            while offset <= last, let found = memchr(base + offset, Int32(nb[anchor]), last - offset + 1) {
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
                if memcmp(base + at, nb, n.count) == 0 { out.append(at) }
                offset = at + anchor + 1
            }
        }
        return out
    }

    /// Walks ascending record ranges and says, for each, whether any occurrence lies in it.
    struct Cursor {
        let offsets: [Int]
        var next = 0

        init(_ offsets: [Int]) { self.offsets = offsets }

        mutating func contains(_ range: Range<Int>) -> Bool {
            while next < offsets.count, offsets[next] < range.lowerBound { next += 1 }
            return next < offsets.count && offsets[next] < range.upperBound
        }
    }

    /// One buffer's search: the rarest literal is found in one pass over the buffer; the others
    /// only inside the records that hold it.
    struct Scan {
        private var first: Cursor?
        private let others: [(literal: [UInt8], anchor: Int)]

        init(_ prefilter: MatchPrefilter, in buffer: UnsafeBufferPointer<UInt8>, counts: ByteCounts) {
            let anchored = prefilter.literals.map { (literal: $0, anchor: counts.anchor(of: $0)) }
                .sorted { counts.counts[Int($0.literal[$0.anchor])] < counts.counts[Int($1.literal[$1.anchor])] }
            first = anchored.first.map { Cursor(MatchPrefilter.occurrences(of: $0.literal, in: buffer, anchor: $0.anchor)) }
            others = Array(anchored.dropFirst())
        }

        /// Whether the record at `range` holds every literal (always true with none).
        mutating func mayMatch(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            guard first != nil else { return true }
            guard first!.contains(range) else { return false }
            let record = UnsafeBufferPointer(rebasing: buffer[range])
            return others.allSatisfy { !MatchPrefilter.occurrences(of: $0.literal, in: record, anchor: $0.anchor).isEmpty }
        }
    }
}
