import CZlib
import Foundation

/// Why a backtest input was not read as CloudTrail, or could not be read.
public enum CloudTrailFileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a CloudTrail log file: skipped and counted in a directory or bucket prefix, an error
    /// when the file was named on its own.
    case notCloudTrail(String)
    /// A CloudTrail log file (or a file that claims to be one) that cannot be read whole.
    case unreadable(String)

    public var description: String {
        switch self {
        case .notCloudTrail(let reason): return reason
        case .unreadable(let reason): return reason
        }
    }
}

/// One CloudTrail log file's bytes, inflated when gzip, and the offsets of its records.
///
/// A file is CloudTrail when its content (not its name) is a JSON object with a `Records`
/// array, as CloudTrail delivers (`{"Records":[{...},...]}`). The scan checks the structure
/// of the whole file (strings closed, brackets balanced, records are objects) and finds each
/// record's top-level `eventTime` without building a value for it; a record is parsed fully
/// only when a filter may match it (see `MatchPrefilter`).
public enum CloudTrailFile {
    /// Inflated size above which a file is refused, so memory stays bounded by
    /// jobs x this limit even for a gzip bomb. CloudTrail's own files are far smaller.
    public static let defaultSizeLimit = 64 * 1024 * 1024

    /// The file's bytes, inflated if they are gzip (detected from the bytes).
    public static func contents(_ raw: [UInt8], name: String, limit: Int = defaultSizeLimit) throws(CloudTrailFileProblem) -> [UInt8] {
        if raw.isEmpty { throw .notCloudTrail("empty file") }
        guard raw.count >= 2, raw[0] == 0x1F, raw[1] == 0x8B else {
            if name.hasSuffix(".gz") { throw .notCloudTrail("named .gz but not gzip data") }
            guard raw.count <= limit else { throw .unreadable(tooLarge(limit)) }
            return raw
        }
        return try inflate(raw, limit: limit)
    }

    static func tooLarge(_ limit: Int) -> String {
        "larger than \(limit / (1024 * 1024)) MB once decompressed (the per-file limit; see --max-file-mb)"
    }

    /// Inflates every gzip member of `compressed` into one buffer, refusing to grow past `limit`.
    static func inflate(_ compressed: [UInt8], limit: Int) throws(CloudTrailFileProblem) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .unreadable("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        // The buffer starts at the size the gzip trailer states (ISIZE: the last member's size
        // mod 2^32, so only a hint) and doubles when the hint was short; it is never zero-filled.
        var capacity = min(limit, max(declaredSize(compressed), compressed.count * 4, 64 * 1024)) + 1
        var output: [UInt8] = []
        var consumed = 0
        var problem: CloudTrailFileProblem?
        var finished = false
        compressed.withUnsafeBufferPointer { input in
            guard let inBase = input.baseAddress else { problem = .unreadable("no data"); return }
            while problem == nil && !finished {
                let previous = output
                output = [UInt8](unsafeUninitializedCapacity: capacity) { out, produced in
                    produced = previous.count
                    previous.withUnsafeBufferPointer { old in
                        if let from = old.baseAddress, let to = out.baseAddress { to.update(from: from, count: old.count) }
                    }
                    guard let outBase = out.baseAddress else { problem = .unreadable("no memory"); return }
                    while produced < out.count {
                        stream.next_in = UnsafeMutablePointer(mutating: inBase + consumed)
                        stream.avail_in = UInt32(input.count - consumed)
                        stream.next_out = outBase + produced
                        stream.avail_out = UInt32(out.count - produced)
                        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        consumed = input.count - Int(stream.avail_in)
                        produced = out.count - Int(stream.avail_out)
                        switch status {
                        case Z_STREAM_END:
                            // `cat a.gz b.gz` is one valid gzip file of two members.
                            if consumed == input.count { finished = true; return }
                            inflateReset(&stream)
                        case Z_OK:
                            continue
                        case Z_BUF_ERROR:
                            if consumed == input.count && produced < out.count { problem = .unreadable("the gzip data is truncated"); return }
                        default:
                            problem = .unreadable("the gzip data is corrupt (zlib status \(status))"); return
                        }
                    }
                }
                if problem == nil && !finished {
                    guard capacity <= limit else { problem = .unreadable(tooLarge(limit)); break }
                    capacity = min(capacity * 2, limit + 1)
                }
            }
        }
        if let problem { throw problem }
        return output
    }

    /// The size a gzip file's last 4 bytes declare (RFC 1952 ISIZE, little-endian).
    static func declaredSize(_ compressed: [UInt8]) -> Int {
        guard compressed.count >= 18 else { return 0 }
        return compressed.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    /// One record: its bytes' range in the file and its top-level `eventTime` (nil when missing
    /// or not a time CloudTrail writes).
    public struct Record: Sendable, Hashable {
        public var range: Range<Int>
        public var time: Date?
    }

    /// Finds the records of a CloudTrail file, in file order.
    public static func records(in bytes: UnsafeBufferPointer<UInt8>) throws(CloudTrailFileProblem) -> [Record] {
        var scanner = StructureScanner(bytes: bytes)
        scanner.skipBlanks()
        if scanner.atEnd { throw .notCloudTrail("empty file") }
        guard scanner.current == UInt8(ascii: "{") else {
            throw .notCloudTrail(scanner.current == UInt8(ascii: "[") ? "a JSON array, not a CloudTrail log file (no Records)" : "not JSON")
        }
        scanner.position += 1
        var records: [Record]?
        do throws(StructureScanner.Failure) {
            scanner.skipBlanks()
            if scanner.current == UInt8(ascii: "}") { throw .problem(.notCloudTrail("a JSON object without Records")) }
            while true {
                scanner.skipBlanks()
                guard scanner.current == UInt8(ascii: "\"") else { throw .problem(.notCloudTrail("not JSON")) }
                let key = try scanner.string()
                scanner.skipBlanks()
                guard scanner.current == UInt8(ascii: ":") else { throw scanner.failure("expected ':'") }
                scanner.position += 1
                scanner.skipBlanks()
                if scanner.equals(key, "Records") {
                    guard records == nil else { throw scanner.failure("a second Records member") }
                    guard scanner.current == UInt8(ascii: "[") else {
                        throw .problem(.notCloudTrail("its Records member is \(scanner.kindOfValue), not an array of records"))
                    }
                    records = try scanner.recordArray()
                } else {
                    try scanner.skipValue()
                }
                scanner.skipBlanks()
                if scanner.current == UInt8(ascii: ",") { scanner.position += 1; continue }
                guard scanner.current == UInt8(ascii: "}") else { throw scanner.failure("expected ',' or '}'") }
                scanner.position += 1
                break
            }
            scanner.skipBlanks()
            guard scanner.atEnd else { throw scanner.failure("unexpected text after the log file's object") }
        } catch {
            if case .problem(let problem) = error { throw problem }
            // A document that is not JSON at all before Records was found is not CloudTrail.
            guard records != nil || scanner.sawRecordsKey else { throw .notCloudTrail("not JSON (\(error))") }
            throw .unreadable("CloudTrail log file is not valid JSON: \(error)")
        }
        guard let records else { throw .notCloudTrail("a JSON object without Records (not a CloudTrail log file)") }
        return records
    }
}

/// A structural JSON scanner: checks strings and brackets, parses nothing it does not need.
struct StructureScanner {
    enum Failure: Error, CustomStringConvertible {
        case syntax(offset: Int, message: String)
        case problem(CloudTrailFileProblem)

        var description: String {
            switch self {
            case .syntax(let offset, let message): return "\(message) at byte \(offset)"
            case .problem(let p): return p.description
            }
        }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var sawRecordsKey = false

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func failure(_ message: String) -> Failure { .syntax(offset: position, message: message) }

    var kindOfValue: String {
        switch current {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        default: return "a number"
        }
    }

    mutating func skipBlanks() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            case 0xEF where position == 0 && bytes.count >= 3 && bytes[1] == 0xBB && bytes[2] == 0xBF: position += 3
            default: return
            }
        }
    }

    /// At `"`: moves past the closing quote and returns the range of the string's bytes
    /// (escapes left as written).
    mutating func string() throws(Failure) -> Range<Int> {
        let start = position + 1
        var i = start
        guard let base = bytes.baseAddress else { throw failure("unterminated string") }
        while true {
            guard i < bytes.count, let found = memchr(base + i, Int32(UInt8(ascii: "\"")), bytes.count - i) else {
                throw failure("unterminated string")
            }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 >= start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 {
                position = quote + 1
                return start..<quote
            }
            i = quote + 1
        }
    }

    func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        for k in 0..<range.count where bytes[range.lowerBound + k] != text.utf8Start[k] { return false }
        return true
    }

    /// Skips a value of any kind, checking that brackets balance and match.
    mutating func skipValue() throws(Failure) {
        guard let first = current else { throw failure("expected a value") }
        switch first {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Open brackets as a bit stack (1 = object): deep nesting is refused, like the parser.
            var stack: [Bool] = []
            while let c = current {
                switch c {
                case UInt8(ascii: "\""):
                    _ = try string()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    stack.append(c == UInt8(ascii: "{"))
                    guard stack.count < EventJSONParser.maximumDepth else { throw failure("nesting deeper than \(EventJSONParser.maximumDepth)") }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard let open = stack.popLast(), open == (c == UInt8(ascii: "}")) else { throw failure("mismatched '\(Character(Unicode.Scalar(c)))'") }
                    if stack.isEmpty { position += 1; return }
                default:
                    break
                }
                position += 1
            }
            throw failure("unexpected end of input")
        default:
            // A number or a literal: runs to the next delimiter.
            let start = position
            while let c = current, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != UInt8(ascii: "]"),
                  c != 0x20, c != 0x0A, c != 0x0D, c != 0x09 { position += 1 }
            guard position > start else { throw failure("expected a value") }
        }
    }

    /// At `[` of `Records`: each element must be an object; returns each record's range and time.
    mutating func recordArray() throws(Failure) -> [CloudTrailFile.Record] {
        sawRecordsKey = true
        position += 1
        var records: [CloudTrailFile.Record] = []
        skipBlanks()
        if current == UInt8(ascii: "]") { position += 1; return records }
        while true {
            skipBlanks()
            guard current == UInt8(ascii: "{") else { throw failure("a record is \(current == nil ? "missing" : kindOfValue), not an object") }
            records.append(try record())
            skipBlanks()
            if current == UInt8(ascii: ",") { position += 1; continue }
            guard current == UInt8(ascii: "]") else { throw failure("expected ',' or ']' between records") }
            position += 1
            return records
        }
    }

    /// At `{` of a record: its members, noting the top-level `eventTime`.
    mutating func record() throws(Failure) -> CloudTrailFile.Record {
        let start = position
        position += 1
        var time: Date?
        skipBlanks()
        if current == UInt8(ascii: "}") { position += 1; return CloudTrailFile.Record(range: start..<position, time: nil) }
        while true {
            skipBlanks()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try string()
            skipBlanks()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            skipBlanks()
            if current == UInt8(ascii: "\""), equals(key, "eventTime") {
                let value = try string()
                time = CloudTrailTime.parse(UnsafeBufferPointer(rebasing: bytes[value]))
            } else {
                try skipValue()
            }
            skipBlanks()
            if current == UInt8(ascii: ",") { position += 1; continue }
            guard current == UInt8(ascii: "}") else { throw failure("expected ',' or '}' in a record") }
            position += 1
            return CloudTrailFile.Record(range: start..<position, time: time)
        }
    }
}
