import AWSClient
import Foundation
import SecmonAlerts
import SecmonStack
import Testing
@testable import SecmonCLI

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
private let stack = repository + "/stacks/secret-access-alarm.yaml"

/// Athena as the backtest sees it, replies shaped as the Athena API reference shows them: the
/// query is queued, then running, then succeeded; results come in two pages, the first row of
/// the first page being the column names.
private final class FakeAthena: AWSCalling, @unchecked Sendable {
    let lock = NSLock()
    var calls: [(String, AWSValue)] = []
    var states = ["QUEUED", "RUNNING", "SUCCEEDED"]
    let pages: [[[String?]]]
    var region: String { "us-east-1" }

    init(rows: [[String?]]) {
        let header: [String?] = ["period_start", "records", "matches", "sample_count", "sample_sum", "sample_min", "sample_max"]
        pages = [[header] + Array(rows.prefix(1)), Array(rows.dropFirst())]
    }

    func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        lock.withLock { calls.append((operation, input)) }
        switch operation {
        case "StartQueryExecution":
            return ["QueryExecutionId": "q-1"]
        case "GetQueryExecution":
            let state = lock.withLock { states.count > 1 ? states.removeFirst() : states[0] }
            return ["QueryExecution": ["QueryExecutionId": "q-1", "Status": ["State": .string(state)]]]
        case "GetQueryResults":
            let page = input["NextToken"].string == nil ? 0 : 1
            let rows = pages[page].map { row in AWSValue.map(["Data": .list(row.map { $0.map { .map(["VarCharValue": .string($0)]) } ?? .map([:]) })]) }
            var reply: [String: AWSValue] = ["ResultSet": .map(["Rows": .list(rows)])]
            if page == 0 { reply["NextToken"] = "page-2" }
            return .map(reply)
        default:
            throw AWSError(kind: .validation, service: "athena", operation: operation, code: "Unexpected", message: "unexpected call")
        }
    }
}

private func run(_ arguments: [String], client: (any AWSCalling)? = nil) async throws -> (status: Int32, out: [String], err: [String]) {
    // The example stack's filter uses ${top_secret.read_pattern}: name the account and region.
    let account = ["--account", "111122223333"] + (arguments.contains("--region") ? [] : ["--region", "us-east-1"])
    let command = try BacktestCommand.parse(arguments + account)
    var out: [String] = []
    let err = Lines()
    let status = await command.execute(output: { out.append($0) }, errorOutput: { err.append($0) }, client: client)
    return (status, out, err.all)
}

@Test func athenaRunsTheQueryPollsPagesAndSimulatesTheAlarm() async throws {
    // 12:00-12:05: 3 reads among 40 records; 12:05-12:10: none among 20; 2 untimed records.
    let athena = FakeAthena(rows: [
        ["1768478400", "40", "3", "40", "3.0", "0.0", "1.0"],
        ["1768478700", "20", "0", "20", "0.0", "0.0", "0.0"],
        [nil, "2", "1", "0", nil, nil, nil],
    ])
    let result = try await run([stack, "--athena", "security.cloudtrail_logs", "--workgroup", "secmon", "--output", "s3://results/x/",
                                "--region", "us-east-1"], client: athena)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == [
        "Athena: 62 records in the window",
        "alarm secret_read_alarm (metric filter secret_reads, 4 matching events): fired 1 time",
        "  ALARM at 2026-01-15T12:05:00Z: Sum 3 >= 1 in 2026-01-15T12:00:00Z to 2026-01-15T12:05:00Z",
    ])
    let operations = athena.calls.map(\.0)
    #expect(operations == ["StartQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryResults", "GetQueryResults"])
    let start = athena.calls[0].1
    #expect(start["WorkGroup"].string == "secmon")
    #expect(start["QueryExecutionContext"]["Database"].string == "security")
    #expect(start["ResultConfiguration"]["OutputLocation"].string == "s3://results/x/")
    #expect(start["QueryString"].string?.contains(#"FROM "security"."cloudtrail_logs""#) == true)
}

@Test func aFailedQuerySaysWhy() async throws {
    final class Failing: AWSCalling, @unchecked Sendable {
        var region: String { "us-east-1" }
        func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
            operation == "StartQueryExecution" ? ["QueryExecutionId": "q-9"]
                : ["QueryExecution": ["Status": ["State": "FAILED", "AthenaError": ["ErrorMessage": "TABLE_NOT_FOUND: line 5:8: Table 'awsdatacatalog.security.nope' does not exist"]]]]
        }
    }
    let result = try await run([stack, "--athena", "security.nope", "--region", "us-east-1"], client: Failing())
    #expect(result.status == 1)
    #expect(result.err == ["error: Athena query q-9 failed: TABLE_NOT_FOUND: line 5:8: Table 'awsdatacatalog.security.nope' does not exist"])
}

@Test func printSQLShowsTheQueriesTheEquivalenceTestRuns() async throws {
    let result = try await run([stack, "--athena", "security.cloudtrail_logs", "--print-sql"])
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
    #expect(try await run([stack, "--print-sql"]).err == ["error: --print-sql shows the queries of --athena DATABASE.TABLE; name the table"])
    #expect(try await run([stack, "--athena", "nodot"]).err == ["error: --athena expects DATABASE.TABLE, not 'nodot'"])
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
