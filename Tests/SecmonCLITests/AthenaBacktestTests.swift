import AWSClient
import Foundation
import SecmonAlerts
import SecmonStack
import TestSupport
import Testing
@testable import SecmonCLI

private let stack = BacktestRun.stack

/// Athena as the backtest sees it, replies shaped as the Athena API reference shows them: the
/// query is queued, then running, then succeeded; results come in two pages, the first row of
/// the first page being the column names.
private func fakeAthena(rows: [[String?]]) -> FakeAWS {
    let header: [String?] = ["period_start", "records", "matches", "sample_count", "sample_sum", "sample_min", "sample_max"]
    let pages = [[header] + Array(rows.prefix(1)), Array(rows.dropFirst())]
    let athena = FakeAWS()
    athena.on(.athena, "StartQueryExecution", reply: ["QueryExecutionId": "q-1"])
    for state in ["QUEUED", "RUNNING"] {
        athena.once(.athena, "GetQueryExecution", reply: ["QueryExecution": ["QueryExecutionId": "q-1", "Status": ["State": .string(state)]]])
    }
    athena.on(.athena, "GetQueryExecution", reply: ["QueryExecution": ["QueryExecutionId": "q-1", "Status": ["State": "SUCCEEDED"]]])
    athena.on(.athena, "GetQueryResults") { input in
        let page = input["NextToken"].string == nil ? 0 : 1
        let rows = pages[page].map { row in AWSValue.map(["Data": .list(row.map { $0.map { .map(["VarCharValue": .string($0)]) } ?? .map([:]) })]) }
        var reply: [String: AWSValue] = ["ResultSet": .map(["Rows": .list(rows)])]
        if page == 0 { reply["NextToken"] = "page-2" }
        return .map(reply)
    }
    return athena
}

@Test func athenaRunsTheQueryPollsPagesAndSimulatesTheAlarm() async throws {
    // 12:00-12:05: 3 reads among 40 records; 12:05-12:10: none among 20; 2 untimed records.
    let athena = fakeAthena(rows: [
        ["1768478400", "40", "3", "40", "3.0", "0.0", "1.0"],
        ["1768478700", "20", "0", "20", "0.0", "0.0", "0.0"],
        [nil, "2", "1", "0", nil, nil, nil],
    ])
    let result = try await BacktestRun.run([stack, "--athena", "security.cloudtrail_logs", "--workgroup", "secmon", "--output", "s3://results/x/",
                                "--region", "us-east-1"], client: athena)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == [
        "Athena: 62 records in the window",
        "alarm secret_read_alarm (metric filter secret_reads, 4 matching events): fired 1 time",
        "  ALARM at 2026-01-15T12:05:00Z: Sum 3 >= 1 in 2026-01-15T12:00:00Z to 2026-01-15T12:05:00Z",
    ])
    let operations = athena.calls.map(\.operation)
    #expect(operations == ["StartQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryResults", "GetQueryResults"])
    let start = athena.calls[0].input
    #expect(start["WorkGroup"].string == "secmon")
    #expect(start["QueryExecutionContext"]["Database"].string == "security")
    #expect(start["ResultConfiguration"]["OutputLocation"].string == "s3://results/x/")
    #expect(start["QueryString"].string?.contains(#"FROM "security"."cloudtrail_logs""#) == true)
}

@Test func aFailedQuerySaysWhy() async throws {
    let failing = FakeAWS()
    failing.on(.athena, "StartQueryExecution", reply: ["QueryExecutionId": "q-9"])
    failing.on(.athena, "GetQueryExecution", reply: ["QueryExecution": ["Status": ["State": "FAILED", "AthenaError": ["ErrorMessage": "TABLE_NOT_FOUND: line 5:8: Table 'awsdatacatalog.security.nope' does not exist"]]]])
    let result = try await BacktestRun.run([stack, "--athena", "security.nope", "--region", "us-east-1"], client: failing)
    #expect(result.status == 1)
    #expect(result.err == ["error: Athena query q-9 failed: TABLE_NOT_FOUND: line 5:8: Table 'awsdatacatalog.security.nope' does not exist"])
}

@Test func printSQLShowsTheQueriesTheEquivalenceTestRuns() async throws {
    let result = try await BacktestRun.run([stack, "--athena", "security.cloudtrail_logs", "--print-sql"])
    #expect(result.status == 0, "\(result.err)")
    // The same compiler and plan as AthenaEquivalenceTests, which runs these queries in DuckDB.
    let loaded = StackLoader.load(path: stack)
    let validated = try #require(loaded.stack)
    let plan = try #require(BacktestPlan(stack: validated, offline: OfflineAccount(account: "111122223333", region: "us-east-1")))
    var expected: [String] = []
    for alarm in plan.alarms {
        expected.append("-- alarm \(alarm.id), metric filter \(plan.filters[alarm.filterIndex].id), period \(alarm.definition.period) s")
        expected.append(try AthenaQuery.compile(filter: plan.filters[alarm.filterIndex].metric, period: alarm.definition.period,
                                                table: "security.cloudtrail_logs", window: try BacktestWindow(from: nil, to: nil)).sql + ";")
    }
    #expect(result.out == expected)
    #expect(try await BacktestRun.run([stack, "--print-sql"]).err == ["error: --print-sql shows the queries of --athena DATABASE.TABLE; name the table"])
    #expect(try await BacktestRun.run([stack, "--athena", "nodot"]).err == ["error: --athena expects DATABASE.TABLE, not 'nodot'"])
}

@Test func athenaTablePrintsTheCreateStatementForTheTrailBucket() async throws {
    let command = try AthenaTableCommand.parse([stack, "--account-id", "111122223333", "--regions", "us-east-1,eu-west-1",
                                                "--table", "security.cloudtrail_logs"])
    var out: [String] = []
    let err = Lines()
    let status = await command.execute(output: { out.append($0) }, errorOutput: { err.append($0) })
    #expect(status == 0, "\(err.all)")
    let sql = out.joined(separator: "\n")
    #expect(sql.contains("LOCATION 's3://secret-access-alarm-trail-111122223333/AWSLogs/111122223333/CloudTrail/'"))
    #expect(sql.contains("'projection.region.values' = 'us-east-1,eu-west-1'"))
}
