import AWSClient
import ArgumentParser
import Foundation
import SecmonAlerts
import SecmonStack

/// `secmon backtest STACK --logs PATH|s3://bucket/prefix [--from T] [--to T] [--json]`: replays
/// CloudTrail log files (a file, a directory, or a bucket prefix; gzip or not) through the
/// stack's filters and alarms and reports when each alarm would have fired and who caused it.
/// Memory stays bounded by the largest single file plus per-10-second statistics.
struct BacktestCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay CloudTrail log files through the stack's metric filters and alarms, offline.")

    @OptionGroup var options: StackOptions

    @Option(help: "A CloudTrail log file, a directory of them (searched recursively), or s3://bucket/prefix.")
    var logs: String

    @OptionGroup var aws: AWSOptions

    @Option(help: "Only events at or after this time (2026-01-15T00:00:00Z).")
    var from: String?

    @Option(help: "Only events before this time.")
    var to: String?

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Option(help: "The account whose records a secret's ${id.read_pattern} matches (with --region); needed when the stack uses one.")
    var account: String?

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        CommandStatus(await execute(output: io.out, errorOutput: io.err))
    }

    /// - Parameter client: for s3:// inputs; built from the AWS options when nil.
    func execute(output: (String) -> Void, errorOutput: @escaping @Sendable (String) -> Void,
                 client: (any AWSCalling)? = nil) async -> Int32 {
        let result = options.load(checkers: [AlertStackChecks.patterns])
        let errors = result.diagnostics.filter { $0.severity == .error }
        for error in errors { errorOutput(error.description) }
        guard let stack = result.stack, errors.isEmpty else { return 1 }
        var start: Date?, end: Date?
        for (flag, text) in [("--from", from), ("--to", to)] {
            guard let text else { continue }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                errorOutput("error: \(flag) expects a UTC time such as 2026-01-15T00:00:00Z, not '\(text)'")
                return 1
            }
            if flag == "--from" { start = date } else { end = date }
        }
        let offline: OfflineAccount
        switch ReadPatternAccount.resolve(stack: stack, account: account, region: aws.region) {
        case .success(let resolved): offline = resolved
        case .failure(let message): errorOutput("error: \(message)"); return 1
        }
        guard var backtest = StackBacktest(stack: stack, from: start, to: end, offline: offline) else {
            errorOutput("error: stack \(stack.name) has no alarm on a metric filter to backtest")
            return 1
        }
        if logs.hasPrefix("s3://") {
            let objects: S3LogObjects
            do {
                guard let located = S3LogObjects(location: logs, client: try client ?? aws.makeClient(debugOutput: errorOutput)) else {
                    errorOutput("error: --logs expects s3://bucket/prefix, not '\(logs)'")
                    return 1
                }
                objects = located
            } catch {
                errorOutput(ErrorReporting.line(for: error))
                return 1
            }
            var count = 0
            do {
                for key in try await objects.keys() {
                    let body = try await objects.body(of: key)
                    try LogEventReader.forEachEvent(in: MemoryByteSource(body)) { (event: LogEvent) throws(LogInputError) in
                        backtest.add(event)
                    }
                    count += 1
                }
            } catch {
                errorOutput(ErrorReporting.line(for: error))
                return 1
            }
            json ? printJSON(backtest, files: count, output) : printText(backtest, files: count, output)
            return 0
        }
        let files: [String]
        switch Self.logFiles(at: logs) {
        case .success(let found): files = found
        case .failure(let message): errorOutput("error: \(message)"); return 1
        }
        for file in files {
            do {
                try LogEventReader.forEachEvent(in: try FileByteSource(path: file)) { (event: LogEvent) throws(LogInputError) in
                    backtest.add(event)
                }
            } catch {
                errorOutput("error: \(file): \(error)")
                return 1
            }
        }
        json ? printJSON(backtest, files: files.count, output) : printText(backtest, files: files.count, output)
        return 0
    }

    /// A file, or every regular file under a directory, in name order.
    static func logFiles(at path: String) -> Result<[String], BacktestInputError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(BacktestInputError("no such file or directory: \(path)"))
        }
        guard isDirectory.boolValue else { return .success([path]) }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            return .failure(BacktestInputError("cannot list \(path)"))
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue, !relative.hasPrefix(".") {
                files.append(full)
            }
        }
        // An empty directory is almost always a wrong path; "fired 0 times" would read as an answer.
        guard !files.isEmpty else { return .failure(BacktestInputError("no files under \(path)")) }
        return .success(files.sorted())
    }

    func printText(_ backtest: StackBacktest, files: Int, _ output: (String) -> Void) {
        output("\(backtest.eventCount) events from \(files) file\(files == 1 ? "" : "s")")
        for alarm in backtest.results {
            let firings = alarm.result.firings
            output("alarm \(alarm.alarm) (metric filter \(alarm.filter), \(alarm.matchCount) matching event\(alarm.matchCount == 1 ? "" : "s")): fired \(firings.count) time\(firings.count == 1 ? "" : "s")")
            for firing in firings {
                let who = firing.principals.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    .map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
                output("  \(Self.timestamp(firing.time))  \(who.isEmpty ? "no matching event in range" : who)")
            }
        }
    }

    func printJSON(_ backtest: StackBacktest, files: Int, _ output: (String) -> Void) {
        struct Firing: Encodable { var time: String; var principals: [String: Int] }
        struct AlarmReport: Encodable { var alarm: String; var metricFilter: String; var matchingEvents: Int; var firings: [Firing] }
        struct Report: Encodable { var events: Int; var files: Int; var alarms: [AlarmReport] }
        let report = Report(events: backtest.eventCount, files: files, alarms: backtest.results.map { alarm in
            AlarmReport(alarm: alarm.alarm, metricFilter: alarm.filter, matchingEvents: alarm.matchCount, firings: alarm.result.firings.map {
                Firing(time: Self.timestamp($0.time), principals: $0.principals)
            })
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        if let data = try? encoder.encode(report) { output(String(decoding: data, as: UTF8.self)) }
    }

    static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}

struct BacktestInputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
