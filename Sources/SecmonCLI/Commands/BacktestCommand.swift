import AWSClient
import ArgumentParser
import Foundation
import SecmonAlerts
import SecmonRender
import SecmonStack

/// `secmon backtest STACK --logs PATH|s3://bucket/prefix`: replays CloudTrail log files (a file,
/// a directory, or a bucket prefix; gzip or not) through the stack's filters and alarms on every
/// core and reports, per alarm, each firing with its period, value and matching events.
/// `--athena DATABASE.TABLE` runs the same filters as SQL over the trail's Athena table instead.
struct BacktestCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Replay CloudTrail logs through the stack's metric filters and alarms (files, S3, or Athena).")

    @OptionGroup var options: StackOptions

    @Option(help: "A CloudTrail log file, a directory of them (searched recursively), or s3://bucket/prefix.")
    var logs: String?

    @OptionGroup var aws: AWSOptions

    @Option(help: "Only events at or after this time (2026-01-15T00:00:00Z).")
    var from: String?

    @Option(help: "Only events before this time.")
    var to: String?

    @Flag(help: "Print a JSON document instead of text.")
    var json = false

    @Flag(help: "List every matching event per alarm, also when it did not fire.")
    var events = false

    @Flag(name: .customLong("keep-going"), help: "Report files that cannot be read and read the rest (exit status 1 at the end).")
    var keepGoing = false

    @Option(help: "Files decoded at once (default: the number of cores).")
    var jobs: Int?

    @Option(name: .customLong("max-file-mb"), help: "Refuse a file larger than this once decompressed (default 64).")
    var maxFileMB: Int = CloudTrailFile.defaultSizeLimit / (1024 * 1024)

    @Option(help: ArgumentHelp("Run the filters as SQL on Athena over this CloudTrail table instead of reading files (see secmon athena-table).", valueName: "database.table"))
    var athena: String?

    @Option(help: "Athena workgroup (default: the account's primary).")
    var workgroup: String?

    @Option(help: ArgumentHelp("Where Athena writes query results (default: the workgroup's setting).", valueName: "s3://bucket/prefix"))
    var output: String?

    @Flag(name: .customLong("print-sql"), help: "Print the SQL --athena would run, one query per alarm, and run nothing.")
    var printSQL = false

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
        let window: BacktestWindow
        do {
            window = try BacktestWindow(from: try Self.time("--from", from), to: try Self.time("--to", to))
        } catch {
            errorOutput("error: \(error)")
            return 1
        }
        let offline: OfflineAccount
        switch ReadPatternAccount.resolve(stack: stack, account: account, region: aws.region) {
        case .success(let resolved): offline = resolved
        case .failure(let message): errorOutput("error: \(message)"); return 1
        }
        guard let plan = BacktestPlan(stack: stack, offline: offline) else {
            errorOutput("error: stack \(stack.name) has no alarm on a metric filter to backtest")
            return 1
        }
        if let athena {
            return await AthenaBacktest(plan: plan, window: window, table: athena, listEvents: events).run(
                printSQL: printSQL, json: json, output: output, errorOutput: errorOutput,
                runner: { database in AthenaQueryRunner(client: try client ?? aws.makeClient(debugOutput: errorOutput), database: database,
                                                        workgroup: workgroup, outputLocation: self.output) })
        }
        guard !printSQL else {
            errorOutput("error: --print-sql shows the queries of --athena DATABASE.TABLE; name the table")
            return 1
        }
        guard let logs else {
            errorOutput("error: backtest needs --logs PATH|s3://bucket/prefix, or --athena DATABASE.TABLE")
            return 1
        }
        guard maxFileMB > 0, (jobs ?? 1) > 0 else {
            errorOutput("error: --jobs and --max-file-mb must be positive")
            return 1
        }
        let limit = maxFileMB * 1024 * 1024
        let inputs: [BacktestInput]
        do {
            inputs = try await Self.inputs(logs, limit: limit, client: { try client ?? aws.makeClient(debugOutput: errorOutput) })
        } catch {
            errorOutput(ErrorReporting.line(for: error))
            return 1
        }
        let totals: BacktestTotals
        do {
            totals = try await BacktestRunner.run(inputs, plan: plan, window: window, options: BacktestRunner.Options(
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, keepGoing: keepGoing, sizeLimit: limit))
        } catch {
            errorOutput("error: \(error)")
            return 1
        }
        if let problem = Self.emptiness(totals, window: window, logs: logs) {
            errorOutput("error: \(problem)")
            return 1
        }
        let report = BacktestReport(plan: plan, totals: totals, window: window, listEvents: events)
        if json { output(BacktestReportRenderer.json(report)) } else { BacktestReportRenderer.text(report).forEach(output) }
        for note in totals.failed { errorOutput("error: \(note.file): \(note.reason)") }
        return totals.failed.isEmpty ? 0 : 1
    }

    static func time(_ flag: String, _ text: String?) throws(BacktestError) -> Date? {
        guard let text else { return nil }
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw BacktestError("\(flag) expects a UTC time such as 2026-01-15T00:00:00Z, not '\(text)'")
        }
        return date
    }

    /// A run that placed no record in the window answers nothing: "fired 0 times" would read as
    /// an answer, so it is an error that says where the data is.
    static func emptiness(_ totals: BacktestTotals, window: BacktestWindow, logs: String) -> String? {
        if totals.records == 0 {
            let skipped = totals.skipped.isEmpty ? "" : "; skipped \(totals.skipped.count): "
                + totals.skipped.prefix(3).map { "\($0.file) (\($0.reason))" }.joined(separator: ", ")
                + (totals.skipped.count > 3 ? ", ..." : "")
            return "no CloudTrail records in \(logs) (\(totals.filesRead) CloudTrail file\(totals.filesRead == 1 ? "" : "s")\(skipped))"
        }
        if totals.recordsInWindow == 0 && totals.untimed == 0, let first = totals.earliest, let last = totals.latest {
            return "no record in the window \(window.description): the logs run from \(BacktestReport.timestamp(first)) to \(BacktestReport.timestamp(last))"
        }
        return nil
    }

    /// The files to read: one file (explicit), every regular file under a directory, or every
    /// object under an S3 prefix, in name order.
    static func inputs(_ logs: String, limit: Int, client: () throws -> any AWSCalling) async throws -> [BacktestInput] {
        if logs.hasPrefix("s3://") {
            guard let objects = S3LogObjects(location: logs, client: try client()) else {
                throw BacktestError("--logs expects s3://bucket/prefix, not '\(logs)'")
            }
            return try await objects.keys().map { key in
                BacktestInput(name: "s3://\(objects.bucket)/\(key)") { [UInt8](try await objects.body(of: key)) }
            }
        }
        switch logFiles(at: logs) {
        case .success(let files):
            let explicit = files == [logs]
            return files.map { BacktestInput.file($0, explicit: explicit, limit: limit) }
        case .failure(let error): throw error
        }
    }

    /// A file, or every regular file under a directory, in name order.
    static func logFiles(at path: String) -> Result<[String], BacktestError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(BacktestError("no such file or directory: \(path)"))
        }
        guard isDirectory.boolValue else { return .success([path]) }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            return .failure(BacktestError("cannot list \(path)"))
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue,
               !(relative as NSString).lastPathComponent.hasPrefix(".") {
                files.append(full)
            }
        }
        // An empty directory is almost always a wrong path; "fired 0 times" would read as an answer.
        guard !files.isEmpty else { return .failure(BacktestError("no files under \(path)")) }
        return .success(files.sorted())
    }
}
