import ArgumentParser
import Foundation
import SecmonAlerts

/// `secmon test-pattern PATTERN [FILE|-] [--json]`: which events a filter pattern matches, and
/// the value each would publish. Exit 1 on a pattern syntax error or unreadable input.
struct TestPatternCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "test-pattern",
        abstract: "Show which log events a CloudWatch Logs filter pattern matches, offline.",
        discussion: """
            Events come from FILE, or standard input when FILE is - or absent: a CloudTrail log \
            file ({"Records": [...]}, gzip or not), a JSON array, or one event per line, \
            detected by whether the input parses as one (--format names it instead). Nothing is \
            written to standard output when the command fails.
            """)

    /// The input formats a user can name.
    enum InputFormat: String, ExpressibleByArgument, CaseIterable {
        case lines, json, cloudtrail

        var readerFormat: LogEventReader.Format {
            switch self {
            case .lines: return .lines
            case .json: return .jsonArray
            case .cloudtrail: return .cloudTrailFile
            }
        }
    }

    @Argument(help: "The filter pattern, as in a metric filter (quote it for the shell).")
    var pattern: String

    @Argument(help: "Events to test: a file, or - for standard input.")
    var file: String?

    @Option(help: "The metric value: a number, $.property or $field.")
    var metricValue: String = "1"

    @Option(help: "The value published for events that do not match.")
    var defaultValue: Double?

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Option(help: "How to read the events: lines (one per line), json (a JSON array), cloudtrail (a CloudTrail log file). Default: detected.")
    var format: InputFormat?

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        var stdout = StreamWriter(sink: io.writeOut)
        var stderr = StreamWriter(sink: io.writeErr)
        let filter: MetricFilter
        do {
            filter = try MetricFilter(pattern: try FilterPattern(pattern), metricValue: metricValue, defaultValue: defaultValue)
        } catch let error as FilterPatternError {
            print("error: invalid filter pattern: \(error.message)", to: &stderr)
            print(error.caretDisplay(pattern: pattern), to: &stderr)
            return .failure
        } catch {
            print("error: \(error)", to: &stderr)
            return .failure
        }
        var report = MatchReport(json: json, pattern: pattern)
        // Held until the input is read to its end: a failure prints its error and nothing else.
        var output = ""
        do {
            let source: FileByteSource
            if let file, file != "-" {
                source = try FileByteSource(path: file)
            } else {
                if let note = Self.standardInputNote(inputIsTerminal: io.inputIsTerminal) { io.err(note) }
                source = FileByteSource(handle: .standardInput)
            }
            report.begin(&output)
            try LogEventReader.forEachEvent(in: source, format: format?.readerFormat) { (event: LogEvent) throws(LogInputError) in
                report.add(event, filter: filter, to: &output)
            }
        } catch {
            print("error: \(error)", to: &stderr)
            return .failure
        }
        report.end(&output)
        stdout.write(output)
        return .success
    }
}

extension TestPatternCommand {
    /// On a terminal, reading standard input just waits, and looks hung: say what it waits for.
    static func standardInputNote(inputIsTerminal: Bool) -> String? {
        inputIsTerminal ? "reading events from standard input (end with Ctrl-D), or name a FILE" : nil
    }
}

/// Writes the matches as they are found: memory grows with the matches, not the input.
private struct MatchReport {
    let json: Bool
    let pattern: String
    var eventCount = 0
    var matchCount = 0
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(json: Bool, pattern: String) {
        self.json = json
        self.pattern = pattern
    }

    struct MatchEntry: Encodable {
        var event: Int
        var value: Double?
        var extractedValues: [String: String]?
        var message: String
    }

    func encoded<T: Encodable>(_ value: T) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    func begin<Out: TextOutputStream>(_ out: inout Out) {
        if json { out.write("{\"pattern\":\(encoded(pattern)),\"matches\":[") }
    }

    mutating func add<Out: TextOutputStream>(_ event: LogEvent, filter: MetricFilter, to out: inout Out) {
        eventCount += 1
        guard let match = filter.pattern.match(event) else { return }
        matchCount += 1
        // A matched event publishes the metric value; nil when its field is missing or not a number.
        let value = filter.emission(for: event).flatMap { $0.matched ? $0.value : nil }
        if json {
            let entry = MatchEntry(
                event: eventCount, value: value,
                extractedValues: match.extractedValues.isEmpty ? nil : match.extractedValues, message: event.message)
            out.write((matchCount > 1 ? "," : "") + "\n" + encoded(entry))
        } else {
            let shown = EventSummary(event)?.line ?? event.message
            let valueText = value.map { MetricFilter.MetricValue.constant($0).description } ?? "none (no numeric value)"
            out.write("event \(eventCount): \(shown)  value \(valueText)\n")
        }
    }

    mutating func end<Out: TextOutputStream>(_ out: inout Out) {
        if json {
            out.write("\n],\"matched\":\(matchCount),\"events\":\(eventCount)}\n")
        } else {
            out.write("\(matchCount) of \(eventCount) event\(eventCount == 1 ? "" : "s") matched\n")
        }
    }
}
