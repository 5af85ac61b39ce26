import Foundation
import SecmonAlerts
import SecmonRender

/// `backtest --athena`: one query per alarm (its filter, grouped into its period), run on
/// Athena, whose per-period statistics go through the same alarm simulation and report as a
/// local backtest. Matching events are counted, not listed (the query returns periods only).
struct AthenaBacktest {
    let plan: BacktestPlan
    let window: BacktestWindow
    let table: String
    let listEvents: Bool

    /// The query of every alarm, or the first construct that cannot be compiled.
    func queries() throws(AthenaQuery.CompileError) -> [AthenaQuery] {
        var out: [AthenaQuery] = []
        for alarm in plan.alarms {
            let filter = plan.filters[alarm.filterIndex]
            do {
                out.append(try AthenaQuery.compile(filter: filter.metric, period: alarm.definition.period, table: table, window: window))
            } catch {
                throw AthenaQuery.CompileError(message: "metric filter \(filter.id): \(error.message)")
            }
        }
        return out
    }

    func run(printSQL: Bool, json: Bool, output: (String) -> Void, errorOutput: @escaping @Sendable (String) -> Void,
             runner: (String) throws -> AthenaQueryRunner) async -> Int32 {
        let parts = table.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            errorOutput("error: --athena expects DATABASE.TABLE, not '\(table)'")
            return 1
        }
        let queries: [AthenaQuery]
        do { queries = try self.queries() } catch {
            errorOutput("error: \(error.message)")
            return 1
        }
        if printSQL {
            for (alarm, query) in zip(plan.alarms, queries) {
                output("-- alarm \(alarm.id), metric filter \(plan.filters[alarm.filterIndex].id), period \(alarm.definition.period) s")
                output(query.sql + ";")
            }
            return 0
        }
        var alarms: [BacktestReport.Alarm] = []
        var records = 0, untimed = 0
        var first: Int?, last: Int?
        do {
            let athena = try runner(String(parts[0]))
            for (alarm, query) in zip(plan.alarms, queries) {
                var datapoints: [Date: StatisticSet] = [:]
                var matches = 0
                var alarmRecords = 0, alarmUntimed = 0
                for cells in try await athena.rows(query.sql) {
                    guard let row = AthenaQuery.Row(cells: cells) else {
                        throw BacktestError("Athena returned a row secmon cannot read: \(cells.map { $0 ?? "NULL" })")
                    }
                    matches += row.matches
                    alarmRecords += row.records
                    guard let start = row.periodStart else { alarmUntimed += row.records; continue }
                    first = min(first ?? start, start)
                    last = max(last ?? start, start)
                    if row.statistics.sampleCount > 0 { datapoints[Date(timeIntervalSince1970: Double(start))] = row.statistics }
                }
                records = max(records, alarmRecords)
                untimed = max(untimed, alarmUntimed)
                let start = window.from ?? first.map { Date(timeIntervalSince1970: Double($0)) }
                let end = window.to ?? last.map { Date(timeIntervalSince1970: Double($0 + alarm.definition.period - 1)) }
                alarms.append(BacktestReport.alarm(alarm, plan: plan, datapoints: datapoints, start: start, end: end,
                                                   matchCount: matches, events: [], listEvents: false, untimed: []))
            }
        } catch {
            errorOutput(ErrorReporting.line(for: error))
            return 1
        }
        guard records > 0 else {
            errorOutput("error: the Athena table \(table) holds no record in the window \(window.description)")
            return 1
        }
        let date = { (seconds: Int) in Date(timeIntervalSince1970: Double(seconds)) }
        let report = BacktestReport(inputs: .athena(records: records, untimed: untimed, window: window,
                                                    first: first.map(date), last: last.map(date)), alarms: alarms)
        if json { output(BacktestReportRenderer.json(report)) } else { BacktestReportRenderer.text(report).forEach(output) }
        return 0
    }
}
