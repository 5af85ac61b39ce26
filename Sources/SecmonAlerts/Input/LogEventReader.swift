import Foundation

/// Reads log events from the inputs `secmon test-pattern` and `secmon backtest` accept, gzip
/// or not (detected from the bytes, not the file name):
/// - a CloudTrail log file, `{"Records": [...]}`: each record is one event, its message the
///   record's text exactly as in the file, its time the record's `eventTime`;
/// - a JSON array: each element is one event (a string's text is the message, read as JSON
///   when it holds a JSON object, exactly as a line would be; other values as their JSON text),
///   timed by `eventTime` when it has one;
/// - anything else: one event per non-empty line (timed by `eventTime` for JSON lines).
/// A format is detected by whether the input parses as it: text that starts like a JSON array
/// but is not one (`[ERROR 400] BAD REQUEST`) is read as lines. A document opening with
/// `{"Records": [` that does not parse is an error, so a damaged log file is not quietly read
/// as one line. A caller may name the format instead; then input that does not parse as it is
/// an error.
///
/// Lines are streamed a chunk at a time. A JSON document (array or CloudTrail file) is held in
/// memory while its records are handed on, one file at a time: CloudTrail writes files of at
/// most a few megabytes, so memory stays bounded by the largest file, not by the corpus.
public enum LogEventReader {
    public enum Format: String, Sendable {
        case cloudTrailFile, jsonArray, lines
    }

    static let chunkSize = 256 * 1024

    /// Memory bounds, whatever the input (a gzip of a few megabytes can inflate to gigabytes):
    /// a JSON document (array or CloudTrail file) is held whole, a line until its end.
    /// CloudTrail log files are a few megabytes and a CloudWatch Logs event at most 1 MB, so
    /// the defaults leave real input far below them.
    public struct Limits: Sendable, Hashable {
        public var documentBytes = 256 << 20
        public var lineBytes = 16 << 20
        public init() {}
        public static let `default` = Limits()
    }

    /// Reads every event of `source`, handing each to `body` in input order.
    @discardableResult
    /// `format` nil: detected.
    public static func forEachEvent<Source: ByteSource>(
        in source: Source, format: Format? = nil, limits: Limits = .default, _ body: (LogEvent) throws(LogInputError) -> Void
    ) throws(LogInputError) -> Format {
        let first = try readAhead(source, minimum: 2)
        if looksLikeGzip(first.prefix) {
            let inflated = try GzipByteSource(PrefixedByteSource(prefix: first.prefix, base: first.source))
            return try forEachPlainEvent(in: inflated, format: format, limits: limits, body)
        }
        return try forEachPlainEvent(in: PrefixedByteSource(prefix: first.prefix, base: first.source), format: format, limits: limits, body)
    }

    /// All events of `source` in memory (tests and small inputs).
    public static func events<Source: ByteSource>(
        in source: Source, format: Format? = nil, limits: Limits = .default
    ) throws(LogInputError) -> [LogEvent] {
        var out: [LogEvent] = []
        try forEachEvent(in: source, format: format, limits: limits) { (event: LogEvent) throws(LogInputError) in out.append(event) }
        return out
    }

    private static func readAhead<Source: ByteSource>(_ source: Source, minimum: Int) throws(LogInputError) -> (prefix: [UInt8], source: Source) {
        var source = source
        var prefix: [UInt8] = []
        while prefix.count < minimum {
            let chunk = try source.read(maxCount: chunkSize)
            if chunk.isEmpty { break }
            prefix += chunk
        }
        return (prefix, source)
    }

    private static func forEachPlainEvent<Source: ByteSource>(
        in source: Source, format chosen: Format?, limits: Limits, _ body: (LogEvent) throws(LogInputError) -> Void
    ) throws(LogInputError) -> Format {
        // Look far enough to see past leading blanks and `{"Records"`.
        var (prefix, rest) = try readAhead(source, minimum: 4096)
        let format = chosen ?? detectFormat(prefix)
        switch format {
        case .lines:
            try forEachLine(prefix: prefix, rest: &rest, limits: limits, body)
        case .jsonArray, .cloudTrailFile:
            var all = prefix
            while true {
                let chunk = try rest.read(maxCount: chunkSize)
                if chunk.isEmpty { break }
                guard all.count + chunk.count <= limits.documentBytes else {
                    throw LogInputError("the \(format == .cloudTrailFile ? "CloudTrail log file" : "JSON array") is larger than \(mebibytes(limits.documentBytes)) (CloudTrail writes files of a few megabytes): split it, or read it as lines")
                }
                all += chunk
            }
            if chosen != nil || format == .cloudTrailFile {
                try forEachRecord(all, format: format, body)
                return format
            }
            // `[` may open a JSON array or a log line (`[ERROR 400] BAD REQUEST`): the elements
            // are events only once the whole document parses as JSON.
            var records: [LogEvent] = []
            do throws(LogInputError) {
                try forEachRecord(all, format: format) { (event: LogEvent) throws(LogInputError) in records.append(event) }
            } catch {
                var nothingMore = MemoryByteSource([])
                try forEachLine(prefix: all, rest: &nothingMore, limits: limits, body)
                return .lines
            }
            for record in records { try body(record) }
        }
        return format
    }

    static func detectFormat(_ bytes: [UInt8]) -> Format {
        var i = 0
        func skipBlanks() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[i]) { i += 1 } }
        skipBlanks()
        guard i < bytes.count else { return .lines }
        if bytes[i] == UInt8(ascii: "[") { return .jsonArray }
        guard bytes[i] == UInt8(ascii: "{") else { return .lines }
        i += 1
        skipBlanks()
        let key = Array("\"Records\"".utf8)
        guard i + key.count <= bytes.count, Array(bytes[i..<(i + key.count)]) == key else { return .lines }
        i += key.count
        skipBlanks()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return .lines }
        i += 1
        skipBlanks()
        return i < bytes.count && bytes[i] == UInt8(ascii: "[") ? .cloudTrailFile : .lines
    }

    private static func forEachLine<Source: ByteSource>(
        prefix: [UInt8], rest: inout Source, limits: Limits, _ body: (LogEvent) throws(LogInputError) -> Void
    ) throws(LogInputError) {
        var buffer = prefix
        var start = 0
        var lineNumber = 1
        while true {
            var scanFrom = start
            while let newline = buffer[scanFrom...].firstIndex(of: 0x0A) {
                try emitLine(buffer[start..<newline], body)
                start = newline + 1
                scanFrom = start
                lineNumber += 1
            }
            guard buffer.count - start <= limits.lineBytes else {
                throw LogInputError("line \(lineNumber) is longer than \(mebibytes(limits.lineBytes)) (a CloudWatch Logs event is at most 1 MB): this is not a log of events")
            }
            let chunk = try rest.read(maxCount: chunkSize)
            if chunk.isEmpty { break }
            buffer.removeFirst(start)
            start = 0
            buffer += chunk
        }
        try emitLine(buffer[start...], body)
    }

    static func mebibytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    private static func emitLine(_ bytes: ArraySlice<UInt8>, _ body: (LogEvent) throws(LogInputError) -> Void) throws(LogInputError) {
        var line = bytes
        if line.last == 0x0D { line = line.dropLast() }
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        try body(textEvent(String(decoding: line, as: UTF8.self)))
    }

    /// An event whose message is `text`: a JSON object in it is parsed, and timed by `eventTime`.
    static func textEvent(_ text: String) -> LogEvent {
        var event = LogEvent(message: text)
        if let time = event.json?["eventTime"]?.scalarText { event.timestamp = CloudTrailTime.parse(time) }
        return event
    }

    private static func forEachRecord(
        _ bytes: [UInt8], format: Format, _ body: (LogEvent) throws(LogInputError) -> Void
    ) throws(LogInputError) {
        let outcome: Result<Void, LogInputError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = EventJSONParser(bytes: buffer)
            do throws(EventJSONParser.Failure) {
                parser.skipWhitespace()
                if format == .cloudTrailFile {
                    // Skip `{ "Records" :` (checked by detectFormat).
                    while parser.position < buffer.count, buffer[parser.position] != UInt8(ascii: "[") { parser.position += 1 }
                }
                var failure: LogInputError?
                try parser.forEachArrayElement(depth: 1) { (value: EventJSON, range: Range<Int>) throws(EventJSONParser.Failure) in
                    guard failure == nil else { return }
                    let event: LogEvent
                    if case .string(let text) = value {
                        event = textEvent(text)
                    } else {
                        let message = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
                        let json: EventJSON? = if case .object = value { value } else { nil }
                        let time = value["eventTime"]?.scalarText.flatMap(CloudTrailTime.parse)
                        event = LogEvent(message: message, timestamp: time, json: json)
                    }
                    do throws(LogInputError) { try body(event) } catch { failure = error }
                }
                if let failure { return .failure(failure) }
                if format == .cloudTrailFile {
                    // The rest of the object: other members, if any, and `}`.
                    parser.skipWhitespace()
                    while parser.position < buffer.count, buffer[parser.position] == UInt8(ascii: ",") {
                        parser.position += 1
                        parser.skipWhitespace()
                        _ = try parser.parseString()
                        parser.skipWhitespace()
                        guard parser.position < buffer.count, buffer[parser.position] == UInt8(ascii: ":") else {
                            throw parser.failure("expected ':'")
                        }
                        parser.position += 1
                        parser.skipWhitespace()
                        _ = try parser.parseValue(depth: 1)
                        parser.skipWhitespace()
                    }
                    guard parser.position < buffer.count, buffer[parser.position] == UInt8(ascii: "}") else {
                        throw parser.failure("expected '}' at the end of the log file")
                    }
                    parser.position += 1
                }
                parser.skipWhitespace()
                guard parser.position == buffer.count else { throw parser.failure("unexpected text after the document") }
                return .success(())
            } catch {
                return .failure(LogInputError("\(format == .cloudTrailFile ? "CloudTrail log file" : "JSON array") is not valid JSON: \(error)"))
            }
        }
        try outcome.get()
    }
}
