import Foundation
@testable import SecmonAlerts
import SecmonStack
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Generated CloudTrail records with the variety the patterns below test: several event names
/// and sources, secret ids in every form, error codes, identity types, numbers, booleans,
/// nulls, resources, and records without a usable eventTime.
private func records() -> [String] {
    var out: [String] = []
    let names = [("secretsmanager", "GetSecretValue"), ("secretsmanager", "DescribeSecret"), ("s3", "GetObject"),
                 ("iam", "CreateUser"), ("ec2", "RunInstances"), ("signin", "ConsoleLogin")]
    let secrets = ["TopSecretInfo", "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo-AbCdEf", "OtherSecret", "it's_100%"]
    let types = ["IAMUser", "AssumedRole", "Root", "AWSService"]
    for i in 0..<480 {
        let (source, name) = names[(i * 7) % names.count]
        let second = i * 23 % 7200
        let time = i % 97 == 5 ? "\"eventTime\":\"yesterday\"," : i % 89 == 3 ? "" :
            "\"eventTime\":\"\(BacktestReport.timestamp(Date(timeIntervalSince1970: 1_768_478_400 + Double(second))))\","
        let type = types[(i / 3) % types.count]
        var identity = "\"type\":\"\(type)\",\"arn\":\"arn:aws:iam::111122223333:user/u\(i % 5)\""
        if i % 4 == 3 { identity += ",\"invokedBy\":\"ecs-tasks.amazonaws.com\"" }
        if i % 6 == 1 { identity += ",\"sessionContext\":{\"sessionIssuer\":{\"userName\":\"Admin\",\"type\":\"Role\"}}" }
        let error = i % 5 == 0 ? "\"errorCode\":\"\(i % 10 == 0 ? "AccessDenied" : "Client.UnauthorizedOperation")\"," : ""
        var parameters = "\"secretId\":\"\(secrets[i % secrets.count])\",\"maxResults\":\(i % 120)"
        if i % 3 == 0 { parameters += ",\"force\":\(i % 2 == 0)" }
        if i % 7 == 0 { parameters += ",\"token\":null" }
        if i % 8 == 0 { parameters += ",\"bytes\":\(Double(i) / 4)" }
        if i % 9 == 2 { parameters += ",\"secretIdList\":[\"OtherSecret\",\"\(secrets[i % 2])\",7,{\"x\":1}]" }
        if i % 9 == 4 { parameters += ",\"secretIdList\":\"TopSecretInfo\"" }
        let requestParameters = i % 11 == 0 ? "null" : "{\(parameters)}"
        let resources = i % 2 == 0 ? ",\"resources\":[{\"type\":\"AWS::S3::Bucket\",\"arn\":\"arn:aws:s3:::b\(i % 3)\"}]" : ""
        out.append("{\(time)\"eventSource\":\"\(source).amazonaws.com\",\"eventName\":\"\(name)\",\(error)\"userIdentity\":{\(identity)},"
            + "\"awsRegion\":\"\(i % 13 == 0 ? "eu-west-1" : "us-east-1")\","
            + "\"requestParameters\":\(requestParameters),\"readOnly\":\(i % 3 != 0),\"recipientAccountId\":\"111122223333\","
            + "\"eventID\":\"e\(i)\"\(resources)}")
    }
    return out
}

/// Every pattern feature the compiler accepts, as filters with their metric transformation.
private let cases: [(pattern: String, value: String, defaultValue: Double?, period: Int)] = [
    (#"{ $.eventName = "GetSecretValue" }"#, "1", 0, 300),
    (#"{ $.eventName != "GetSecretValue" }"#, "1", nil, 60),
    (#"{ $.requestParameters.secretId = "*TopSecretInfo*" }"#, "1", 0, 300),
    (#"{ $.requestParameters.secretId = "it's_100%" }"#, "1", nil, 300),
    (#"{ $.requestParameters.secretId = "arn:*" }"#, "1", nil, 600),
    (#"{ $.requestParameters.secretId = "*Secret" }"#, "1", nil, 300),
    (#"{ $.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*" }"#, "1", 0, 300),
    (#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }"#, "1", nil, 300),
    (#"{ $.userIdentity.sessionContext.sessionIssuer.userName = "Admin" }"#, "1", nil, 300),
    (#"{ $.resources[0].type = "AWS::S3::Bucket" }"#, "1", nil, 300),
    (#"{ $.requestParameters.maxResults > 50 }"#, "$.requestParameters.maxResults", nil, 300),
    (#"{ $.requestParameters.maxResults <= 10 && $.eventSource = "s3.amazonaws.com" }"#, "2", 0, 60),
    (#"{ $.recipientAccountId = 111122223333 }"#, "1", nil, 300),
    (#"{ $.recipientAccountId != 5 }"#, "1", nil, 300),
    (#"{ $.eventName = %^Get[A-Z]\w+$% }"#, "1", nil, 300),
    (#"{ $.eventName != %Secret% }"#, "1", nil, 300),
    (#"{ $.requestParameters.force IS TRUE }"#, "1", nil, 300),
    (#"{ $.requestParameters.force IS FALSE }"#, "1", nil, 300),
    (#"{ $.readOnly IS FALSE }"#, "1", nil, 300),
    (#"{ $.requestParameters.token IS NULL }"#, "1", nil, 300),
    (#"{ $.requestParameters.force NOT EXISTS }"#, "1", nil, 300),
    (#"{ $.requestParameters.bytes = * }"#, "$.requestParameters.bytes", 0, 300),
    (#"{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "CreateUser") || ($.eventName = "DeleteUser")) }"#, "1", nil, 300),
    (#"{ $.requestParameters.secretIdList[*] = "TopSecretInfo" }"#, "1", nil, 300),
    (#"{ $.requestParameters.secretIdList[*] = "arn:*" || $.requestParameters.secretIdList[*] = 7 }"#, "1", nil, 300),
    ("", "1", nil, 300),
]

/// The compiled SQL, run by DuckDB after sqlglot transpiles it from Trino, gives the same
/// statistics per period as the native evaluator on the same records, for every case above and
/// for every alarm of the example stack (the queries `backtest --athena ... --print-sql` prints).
@Test func compiledSQLAgreesWithTheNativeEvaluator() throws {
    let text = #"{"Records":[\#(records().joined(separator: ","))]}"#
    var filters: [(MetricFilter, Int, String)] = try cases.map { c in
        (try MetricFilter(pattern: try FilterPattern(c.pattern), metricValue: c.value, defaultValue: c.defaultValue), c.period, c.pattern)
    }
    let loaded = StackLoader.load(path: repository.appendingPathComponent("stacks/secret-access-alarm.yaml").path)
    let stack = try #require(loaded.stack, "\(loaded.diagnostics)")
    let examplePlan = try #require(BacktestPlan(stack: stack, offline: OfflineAccount(account: "111122223333", region: "us-east-1")))
    for alarm in examplePlan.alarms {
        filters.append((examplePlan.filters[alarm.filterIndex].metric, alarm.definition.period, "example stack alarm \(alarm.id)"))
    }
    let window = try BacktestWindow(from: nil, to: nil)
    let table = "security.cloudtrail_logs"
    let queries = try filters.map { try AthenaQuery.compile(filter: $0.0, period: $0.1, table: table, window: window).sql }

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-athena-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(text.utf8).write(to: dir.appendingPathComponent("records.json"))
    try JSONSerialization.data(withJSONObject: queries.map { ["sql": $0, "table": table] })
        .write(to: dir.appendingPathComponent("queries.json"))
    let process = Process()
    process.executableURL = repository.appendingPathComponent("scripts/athena-sql-check")
    process.arguments = [dir.appendingPathComponent("records.json").path, dir.appendingPathComponent("queries.json").path]
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "scripts/athena-sql-check: \(errors)")
    let results = try #require(try JSONSerialization.jsonObject(with: output) as? [Any])

    for ((metric, period, name), result) in zip(filters, results) {
        guard let rows = result as? [[Any]] else { Issue.record("\(name): \(result)"); continue }
        let plan = BacktestPlan(filters: [BacktestPlan.Filter(id: "f", metric: metric)],
                                alarms: [BacktestPlan.Alarm(id: "a", filterIndex: 0, definition: try AlarmDefinition(period: period))])
        let file = BacktestFileResult.scan(Array(text.utf8), name: "records.json", index: 0, plan: plan, window: window)
        var totals = BacktestTotals(filterCount: 1)
        totals.merge(file)
        let native = totals.datapoints(filter: 0, period: period)
        var sqlPeriods: [Date: StatisticSet] = [:]
        var sqlMatches = 0, sqlRecords = 0
        for row in rows {
            let cells = row.map { $0 is NSNull ? nil : "\($0)" }
            let parsed = try #require(AthenaQuery.Row(cells: cells), "\(name): \(row)")
            sqlMatches += parsed.matches
            sqlRecords += parsed.records
            if let start = parsed.periodStart, parsed.statistics.sampleCount > 0 {
                sqlPeriods[Date(timeIntervalSince1970: Double(start))] = parsed.statistics
            }
        }
        #expect(sqlRecords == file.records, "\(name)")
        #expect(sqlMatches == file.tallies[0].matchCount, "\(name)")
        #expect(Set(sqlPeriods.keys) == Set(native.keys), "\(name)")
        for (start, set) in native {
            guard let other = sqlPeriods[start] else { continue }
            #expect(other.sampleCount == set.sampleCount && abs(other.sum - set.sum) < 1e-9
                    && other.minimum == set.minimum && other.maximum == set.maximum, "\(name) at \(start): SQL \(other), native \(set)")
        }
    }
}
