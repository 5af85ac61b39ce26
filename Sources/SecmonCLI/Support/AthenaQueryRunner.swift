import AWSClient
import Foundation
import SecmonAlerts

/// Runs one SQL query through the Athena API: StartQueryExecution, GetQueryExecution until the
/// query ends (polling with a growing delay), then GetQueryResults page by page.
struct AthenaQueryRunner {
    let client: any AWSCalling
    let database: String
    let workgroup: String?
    /// s3://bucket/prefix for results; when nil the workgroup's setting applies.
    let outputLocation: String?
    /// Waits between polls (injected so tests do not sleep).
    var pause: @Sendable (Double) async throws -> Void = { seconds in try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
    /// Give up on a query after this many seconds.
    var timeout: Double = 3600

    /// Every data row (the header row dropped), each cell as text (nil for SQL NULL).
    func rows(_ sql: String) async throws -> [[String?]] {
        var input: [String: AWSValue] = [
            "QueryString": .string(sql),
            "QueryExecutionContext": .map(["Database": .string(database)]),
            "ClientRequestToken": .string(UUID().uuidString),
        ]
        if let workgroup { input["WorkGroup"] = .string(workgroup) }
        if let outputLocation { input["ResultConfiguration"] = .map(["OutputLocation": .string(outputLocation)]) }
        let started = try await client.call(.athena, "StartQueryExecution", .map(input))
        guard let id = started["QueryExecutionId"].string else { throw BacktestError("Athena returned no query execution id") }
        var delay = 0.1
        var waited = 0.0
        while true {
            let execution = try await client.call(.athena, "GetQueryExecution", ["QueryExecutionId": .string(id)])["QueryExecution"]
            let status = execution["Status"]
            switch status["State"].string {
            case "SUCCEEDED":
                return try await results(id)
            case "FAILED", "CANCELLED":
                let reason = execution["Status"]["AthenaError"]["ErrorMessage"].string ?? status["StateChangeReason"].string ?? "no reason given"
                throw BacktestError("Athena query \(id) \(status["State"].string == "FAILED" ? "failed" : "was cancelled"): \(reason)")
            default:
                guard waited < timeout else { throw BacktestError("Athena query \(id) still running after \(Int(timeout)) s; see it in the Athena console") }
                try await pause(delay)
                waited += delay
                delay = min(delay * 2, 5)
            }
        }
    }

    private func results(_ id: String) async throws -> [[String?]] {
        var rows: [[String?]] = []
        var token: String?
        var first = true
        repeat {
            var input: [String: AWSValue] = ["QueryExecutionId": .string(id), "MaxResults": .integer(1000)]
            if let token { input["NextToken"] = .string(token) }
            let page = try await client.call(.athena, "GetQueryResults", .map(input))
            var pageRows = page["ResultSet"]["Rows"].list
            // The first row of the first page repeats the column names.
            if first, !pageRows.isEmpty { pageRows.removeFirst() }
            first = false
            rows += pageRows.map { row in row["Data"].list.map { $0["VarCharValue"].string } }
            token = page["NextToken"].string
        } while token != nil
        return rows
    }
}
