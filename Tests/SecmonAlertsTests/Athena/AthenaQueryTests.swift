import Foundation
@testable import SecmonAlerts
import Testing

private func condition(_ pattern: String) throws -> String {
    try AthenaCondition.compile(try FilterPattern(pattern))
}

/// Golden SQL per pattern feature.
@Test(arguments: [
    (#"{ $.eventName = "GetSecretValue" }"#, #"(eventname IS NOT NULL AND (eventname = 'GetSecretValue'))"#),
    (#"{ $.eventName != "GetSecretValue" }"#, #"(eventname IS NOT NULL AND NOT (eventname = 'GetSecretValue'))"#),
    (#"{ $.requestParameters.secretId = "*TopSecretInfo*" }"#,
     #"(json_extract_scalar(requestparameters, '$.secretId') IS NOT NULL AND (json_extract_scalar(requestparameters, '$.secretId') LIKE '%TopSecretInfo%' ESCAPE '\'))"#),
    (#"{ $.errorCode = "*Unauthorized*" }"#, #"(errorcode IS NOT NULL AND (errorcode LIKE '%Unauthorized%' ESCAPE '\'))"#),
    (#"{ $.eventName = "Get*" }"#, #"(eventname IS NOT NULL AND (eventname LIKE 'Get%' ESCAPE '\'))"#),
    (#"{ $.eventName = "*_100%" }"#, #"(eventname IS NOT NULL AND (eventname LIKE '%\_100\%' ESCAPE '\'))"#),
    (#"{ $.eventName = "it's" }"#, #"(eventname IS NOT NULL AND (eventname = 'it''s'))"#),
    (#"{ $.eventName = * }"#, #"(eventname IS NOT NULL AND (TRUE))"#),
    (#"{ $.userIdentity.type = "Root" }"#, #"(useridentity.type IS NOT NULL AND (useridentity.type = 'Root'))"#),
    (#"{ $.userIdentity.sessionContext.sessionIssuer.userName = "Admin" }"#,
     #"(useridentity.sessioncontext.sessionissuer.username IS NOT NULL AND (useridentity.sessioncontext.sessionissuer.username = 'Admin'))"#),
    (#"{ $.resources[0].type = "AWS::S3::Bucket" }"#,
     #"(element_at(resources, 1).type IS NOT NULL AND (element_at(resources, 1).type = 'AWS::S3::Bucket'))"#),
    (#"{ $.requestParameters.items[2].name = "x" }"#,
     #"(json_extract_scalar(requestparameters, '$.items[2].name') IS NOT NULL AND (json_extract_scalar(requestparameters, '$.items[2].name') = 'x'))"#),
    (#"{ $.requestParameters.['dotted.key'] = "x" }"#,
     #"(json_extract_scalar(requestparameters, '$["dotted.key"]') IS NOT NULL AND (json_extract_scalar(requestparameters, '$["dotted.key"]') = 'x'))"#),
    (#"{ $.requestParameters.maxResults > 50 }"#, #"(TRY_CAST(json_extract_scalar(requestparameters, '$.maxResults') AS DOUBLE) > DOUBLE '50')"#),
    (#"{ $.requestParameters.maxResults = 5.5 }"#, #"(TRY_CAST(json_extract_scalar(requestparameters, '$.maxResults') AS DOUBLE) = DOUBLE '5.5')"#),
    (#"{ $.recipientAccountId != 123 }"#,
     #"(recipientaccountid IS NOT NULL AND (TRY_CAST(recipientaccountid AS DOUBLE) IS NULL OR TRY_CAST(recipientaccountid AS DOUBLE) <> DOUBLE '123'))"#),
    (#"{ $.eventName = %^Get[A-Z]\w+$% }"#,
     #"(eventname IS NOT NULL AND regexp_like(eventname, '^Get[A-Z][0-9A-Z_a-z]+$'))"#),
    (#"{ $.userIdentity.invokedBy NOT EXISTS }"#, #"(useridentity.invokedby IS NULL)"#),
    (#"{ $.requestParameters.force NOT EXISTS }"#, #"(json_extract(requestparameters, '$.force') IS NULL)"#),
    (#"{ $.requestParameters.force IS TRUE }"#, #"(json_format(json_extract(requestparameters, '$.force')) = 'true')"#),
    (#"{ $.readOnly IS FALSE }"#, #"(readonly = 'false')"#),
    (#"{ $.requestParameters.token IS NULL }"#, #"(json_format(json_extract(requestparameters, '$.token')) = 'null')"#),
    (#"{ ($.eventName = "A" || $.eventName = "B") && $.errorCode NOT EXISTS }"#,
     #"(((eventname IS NOT NULL AND (eventname = 'A')) OR (eventname IS NOT NULL AND (eventname = 'B'))) AND (errorcode IS NULL))"#),
    (#"{ $.requestParameters.secretIdList[*] = "TopSecretInfo" }"#,
     #"(cardinality(filter(TRY_CAST(json_extract(requestparameters, '$.secretIdList') AS ARRAY(JSON)), element -> (json_extract_scalar(element, '$') IS NOT NULL AND (json_extract_scalar(element, '$') = 'TopSecretInfo')))) > 0)"#),
    ("", "TRUE"),
])
func eachPatternFeatureCompiles(_ pattern: String, _ sql: String) throws {
    #expect(try condition(pattern) == sql)
}

/// What cannot be expressed over the CloudTrail table is refused, naming the construct.
@Test(arguments: [
    (#"{ $.resources[*].arn = "x" }"#, "cannot be compiled: the wildcard selector $.resources[*].arn (Athena's JSON functions return one value)"),
    (#"{ $.* = "x" }"#, "cannot be compiled: the wildcard selector $.* (Athena's JSON functions return one value)"),
    (#"{ $.noSuchColumn = "x" }"#, "cannot be compiled: $.noSuchColumn (the CloudTrail table has no column for it)"),
    (#"{ $.userIdentity.nickname = "x" }"#, "cannot be compiled: $.userIdentity.nickname (the CloudTrail table has no column for it)"),
    (#"{ $.errorCode IS NULL }"#, "cannot be compiled: $.errorCode IS NULL (the table reads this property as text or missing, not as JSON)"),
    ("GetSecretValue", "cannot be compiled: the term pattern 'GetSecretValue' (it matches the record's raw text, which the CloudTrail table does not keep)"),
    ("[ip, user, ...]", "cannot be compiled: the space-delimited pattern '[ip, user, ...]' (CloudTrail records are JSON)"),
    ("%GetSecret%", "cannot be compiled: the regular expression '%GetSecret%' over the whole record (the CloudTrail table does not keep its raw text)"),
])
func whatCannotBeCompiledIsNamed(_ pattern: String, _ message: String) throws {
    #expect(throws: AthenaQuery.CompileError(message: message)) { try condition(pattern) }
}

@Test func theWholeQueryGroupsIntoTheAlarmPeriod() throws {
    let metric = try MetricFilter(pattern: try FilterPattern(#"{ $.eventName = "GetSecretValue" }"#), defaultValue: 0)
    let window = try BacktestWindow(from: Date(timeIntervalSince1970: 1_768_435_200), to: Date(timeIntervalSince1970: 1_768_521_600))
    let query = try AthenaQuery.compile(filter: metric, period: 300, table: "security.cloudtrail_logs", window: window)
    #expect(query.sql == """
        WITH records AS (
          SELECT
            TRY(to_unixtime(from_iso8601_timestamp(eventtime))) AS seconds,
            COALESCE((eventname IS NOT NULL AND (eventname = 'GetSecretValue')), FALSE) AS matched,
            DOUBLE '1' AS matched_value
          FROM "security"."cloudtrail_logs"
          WHERE "timestamp" >= '2026/01/15' AND "timestamp" <= '2026/01/16'
        ), samples AS (
          SELECT seconds, matched, CASE WHEN matched THEN matched_value ELSE DOUBLE '0' END AS sample
          FROM records
          WHERE seconds IS NULL OR (seconds >= 1768435200 AND seconds < 1768521600)
        )
        SELECT
          CAST(floor(seconds / 300) * 300 AS BIGINT) AS period_start,
          count(*) AS records,
          count_if(matched) AS matches,
          count(sample) AS sample_count,
          sum(sample) AS sample_sum,
          min(sample) AS sample_min,
          max(sample) AS sample_max
        FROM samples
        GROUP BY 1
        ORDER BY 1
        """)
    let field = try MetricFilter(pattern: try FilterPattern(#"{ $.eventName = "X" }"#), metricValue: "$.requestParameters.bytes")
    #expect(try AthenaQuery.compile(filter: field, period: 60, table: "d.t", window: try BacktestWindow(from: nil, to: nil)).sql
        .contains("TRY_CAST(json_extract_scalar(requestparameters, '$.bytes') AS DOUBLE) AS matched_value"))
}

@Test func theTableStatementProjectsRegionAndDayPartitions() {
    let table = CloudTrailTable(database: "security", table: "cloudtrail_logs", bucket: "trail-bucket", keyPrefix: "org",
                                accountID: "111122223333", regions: ["us-east-1", "eu-west-1"], since: "2025/01/01")
    let sql = table.createStatement
    #expect(sql.hasPrefix("CREATE EXTERNAL TABLE IF NOT EXISTS `security`.`cloudtrail_logs` ("))
    #expect(sql.contains("LOCATION 's3://trail-bucket/org/AWSLogs/111122223333/CloudTrail/'"))
    #expect(sql.contains("'projection.region.values' = 'us-east-1,eu-west-1'"))
    #expect(sql.contains("'projection.timestamp.range' = '2025/01/01,NOW'"))
    #expect(sql.contains("'storage.location.template' = 's3://trail-bucket/org/AWSLogs/111122223333/CloudTrail/${region}/${timestamp}'"))
    // Every column the compiler reads is in the statement.
    for (name, _) in AthenaColumn.columns { #expect(sql.contains("    \(name.lowercased()) "), "\(name)") }
}
