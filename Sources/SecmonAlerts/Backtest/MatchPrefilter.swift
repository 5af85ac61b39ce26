import Foundation

/// Text a record must contain, byte for byte, for a filter pattern to be able to match it;
/// records without it are known not to match without being parsed.
///
/// Sound by construction: only conditions every match needs contribute (terms that must
/// appear; `=` on a JSON property with a literal, outside `||`), and a JSON string can spell a
/// letter as a `\u` escape, so a record containing `\u` is always parsed. Literals holding a
/// character JSON escapes otherwise (`"`, `\`, `/`, control characters) are not used.
public struct MatchPrefilter: Sendable, Hashable {
    /// Nil: every record must be evaluated.
    public let literal: [UInt8]?

    public init(_ pattern: FilterPattern) {
        let candidates: [String]
        switch pattern.body {
        case .terms(let terms): candidates = terms.required + (terms.required.isEmpty && terms.excluded.isEmpty && terms.optional.count == 1 ? terms.optional : [])
        case .json(let condition): candidates = Self.required(by: condition)
        case .matchAll, .regex, .spaceDelimited: candidates = []
        }
        let usable = candidates.filter { text in
            !text.isEmpty && !text.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0 == "/" || $0.value < 0x20 }
        }
        // The longest literal is usually the rarest.
        literal = usable.max { ($0.utf8.count, $1) < ($1.utf8.count, $0) }.map { Array($0.utf8) }
    }

    static func required(by condition: JSONCondition) -> [String] {
        switch condition {
        case .and(let a, let b): return required(by: a) + required(by: b)
        case .compare(_, let comparison):
            guard comparison.op == .equal else { return [] }
            switch comparison.value {
            case .text(let glob): return [glob.literal]
            case .number, .regex: return []
            }
        case .isBoolean(_, let value): return [value ? "true" : "false"]
        case .or, .isNull, .notExists: return []
        }
    }

    /// Offsets of every occurrence of `needle` in `haystack`, ascending.
    static func occurrences(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = haystack.baseAddress, !needle.isEmpty else { return [] }
        var out: [Int] = []
        var offset = 0
        // memchr for the first byte (vectorised in libc), then a compare; Glibc's memmem needs
        // _GNU_SOURCE, which Swift's Glibc module does not define.
        needle.withUnsafeBufferPointer { n in
            guard let nb = n.baseAddress else { return }
            let last = haystack.count - n.count
            while offset <= last, let found = memchr(base + offset, Int32(nb[0]), last - offset + 1) {
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, nb, n.count) == 0 { out.append(at) }
                offset = at + 1
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
}
