import Foundation
import SecmonCore
import SecmonGraph
import SecmonPlan
import SecmonResources
import SecmonStack
import Testing
import TestSupport
@testable import SecmonCLI

private let stackPath = LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml").path

/// Every AWS operation the backtest code sends (S3 log files, the Athena API) is covered by
/// `BacktestPermissions`, so `iam-policy --for backtest-athena` cannot fall behind the code.
@Test func everyBacktestCallIsDeclaredAsAnIAMAction() throws {
    let declared = Set((BacktestPermissions.s3Logs + BacktestPermissions.athena).map(\.name))
    // S3's listing and object reads are shared with who-read, in AWSClient.
    let calls = try OperationsInSource.calls(under: "Sources/SecmonCLI/Support")
        .union(OperationsInSource.calls(under: "Sources/AWSClient/Core").filter { $0.hasPrefix("s3:") })
    #expect(calls.contains("athena:StartQueryExecution") && calls.contains("s3:GetObject"), "the scan finds the calls")
    let missing = calls.map { call -> String in
        let parts = call.split(separator: ":").map(String.init)
        return IAMActionName.of(service: parts[0], operation: parts[1])
    }.filter { !declared.contains($0) }.sorted()
    #expect(missing == [], "add these to BacktestPermissions")
}

private func policy(for purpose: PolicyPurpose) throws -> [[String: Any]] {
    let loaded = try #require(StackLoader.load(path: stackPath).stack)
    let graph = try GraphBuilder.build(loaded)
    let context = DriverContext(stackName: graph.stackName, accountID: "123456789012", region: "us-east-1", partition: "aws")
    let document = IAMPolicyBuilder(graph: graph, context: context).policy(for: purpose)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONOutput.encode(document).utf8)) as? [String: Any])
    return try #require(object["Statement"] as? [[String: Any]])
}

/// The resources each action of a policy is allowed on.
private func grants(_ statements: [[String: Any]]) -> [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    for statement in statements {
        let actions = statement["Action"] as? [String] ?? []
        let resources = (statement["Resource"] as? [String]) ?? [(statement["Resource"] as? String) ?? ""]
        for action in actions { result[action, default: []].formUnion(resources) }
    }
    return result
}

@Test func backtestOnAthenaIsAllowedTheQueryTheCatalogTheTrailBucketAndTheResults() throws {
    let granted = grants(try policy(for: .backtestAthena))
    #expect(granted["athena:StartQueryExecution"] == ["arn:aws:athena:us-east-1:123456789012:workgroup/*"])
    #expect(granted["athena:GetQueryResults"] != nil && granted["athena:GetQueryExecution"] != nil)
    #expect(granted["glue:GetTable"]?.contains("arn:aws:glue:us-east-1:123456789012:table/*/*") == true)
    let trailObjects = "arn:aws:s3:::secret-access-alarm-trail-123456789012/*"
    #expect(granted["s3:GetObject"] == [trailObjects, "arn:aws:s3:::aws-athena-query-results-*/*"])
    #expect(granted["s3:PutObject"] == ["arn:aws:s3:::aws-athena-query-results-*/*"], "writes only its results")
    #expect(granted["s3:ListBucket"]?.contains("arn:aws:s3:::secret-access-alarm-trail-123456789012") == true)
    #expect(granted.keys.allSatisfy { !$0.hasPrefix("logs:") && !$0.hasPrefix("secretsmanager:") }, "reads no logs and no secret")
}

@Test func backtestFromS3ReadsOnlyTheTrailBucket() throws {
    let granted = grants(try policy(for: .backtest))
    #expect(granted == ["s3:ListBucket": ["arn:aws:s3:::secret-access-alarm-trail-123456789012"],
                        "s3:GetObject": ["arn:aws:s3:::secret-access-alarm-trail-123456789012/*"]])
}
