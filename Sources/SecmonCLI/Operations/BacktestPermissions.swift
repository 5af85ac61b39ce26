import SecmonCore

/// What `backtest` calls, as IAM actions: reading the trail's log files from S3 (`--logs
/// s3://...`), or running the filters on Athena (`--athena`). A test fails when the backtest
/// code calls an operation not covered here.
enum BacktestPermissions {
    /// `--logs s3://bucket/prefix`: list the trail's log files and read them.
    static let s3Logs: [IAMAction] = [
        .init("s3:ListBucket", .everyOf(kind: "bucket"), "backtest --logs s3://: lists the trail's log files"),
        .init("s3:GetObject", .everyOf(kind: "bucket", suffix: "/*"), "backtest --logs s3://: reads each log file"),
    ]

    /// Athena's default results bucket (`aws-athena-query-results-ACCOUNT-REGION`), as AWS's
    /// own Athena policies name it; a workgroup or `--output` elsewhere needs that bucket instead.
    private static let resultsBucket = "arn:{partition}:s3:::aws-athena-query-results-*"

    /// `--athena DATABASE.TABLE`: Athena runs the query with the caller's permissions, so the
    /// caller needs the Glue catalog entries of the table, the trail bucket's objects and the
    /// query results location, besides Athena's own API.
    static let athena: [IAMAction] = [
        .init("athena:StartQueryExecution", .pattern("arn:{partition}:athena:{region}:{account}:workgroup/*"), "backtest --athena: starts one query per alarm"),
        .init("athena:GetQueryExecution", .pattern("arn:{partition}:athena:{region}:{account}:workgroup/*"), "backtest --athena: waits for the query to end"),
        .init("athena:GetQueryResults", .pattern("arn:{partition}:athena:{region}:{account}:workgroup/*"), "backtest --athena: reads the per-period counts"),
    ] + ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"].flatMap { action in
        ["catalog", "database/*", "table/*/*"].map { resource in
            IAMAction(action, .pattern("arn:{partition}:glue:{region}:{account}:\(resource)"),
                      "backtest --athena: Athena reads the CloudTrail table's definition from the Glue catalog")
        }
    } + [
        .init("s3:GetBucketLocation", .everyOf(kind: "bucket"), "backtest --athena: Athena locates the trail bucket"),
        .init("s3:ListBucket", .everyOf(kind: "bucket"), "backtest --athena: Athena lists the trail's log files"),
        .init("s3:GetObject", .everyOf(kind: "bucket", suffix: "/*"), "backtest --athena: Athena reads the trail's log files"),
    ] + ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"].map {
        IAMAction($0, .pattern(resultsBucket), "backtest --athena: Athena writes the query results to their S3 location")
    } + ["s3:GetObject", "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"].map {
        IAMAction($0, .pattern(resultsBucket + "/*"), "backtest --athena: Athena writes the query results to their S3 location")
    }
}
