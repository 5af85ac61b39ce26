import AWSClient
import Foundation
import SecmonResources
import TestSupport
import XCTest

/// Ownership through the Resource Groups Tagging API against the local endpoint, for the kinds
/// secmon asks it about: alarms, log groups, topics and buckets (roles and trails, which moto
/// does not return, and secrets, whose description has their tags, are read per resource).
/// moto does not apply every filter: the client filters again.
/// AWS's spelling of the replies (log group ARNs, pages) is in the unit tests' recorded replies.
final class StackOwnershipIntegrationTests: LocalEndpointTestCase {
    private func tags(_ stack: String?) -> [String: String] {
        stack.map { ["secmon:stack": $0, "secmon:id": "x"] } ?? ["team": "nobody"]
    }

    private func keyValues(_ tags: [String: String]) -> AWSValue {
        .list(tags.sorted { $0.key < $1.key }.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    /// One of each kind the index covers for `stack` (nil: untagged by secmon), named after it.
    private func make(_ client: AWSClient, stack: String?) async throws -> [String] {
        let name = "owned-\(stack ?? "nobody")"
        let t = tags(stack)
        _ = try await client.call(.logs, "CreateLogGroup", ["logGroupName": .string("/\(name)"),
                                                            "tags": .map(t.mapValues { .string($0) })])
        let topic = try await client.call(.sns, "CreateTopic", ["Name": .string(name), "Tags": keyValues(t)])
        _ = try await client.call(.cloudwatch, "PutMetricAlarm", [
            "AlarmName": .string(name), "Namespace": "N", "MetricName": "M", "Statistic": "Sum", "Period": 300,
            "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Tags": keyValues(t)])
        _ = try await client.call(.s3, "CreateBucket", ["Bucket": .string(name)])
        _ = try await client.call(.s3, "PutBucketTagging", ["Bucket": .string(name), "Tagging": ["TagSet": keyValues(t)]])
        return ["arn:aws:logs:us-east-1:123456789012:log-group:/\(name)", topic["TopicArn"].string ?? "?",
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:\(name)",
                "arn:aws:s3:::\(name)"]
    }

    func testOwnedResourcesOfEveryCoveredKindAndNoOneElses() async throws {
        let client = try localEndpoint().makeClient()
        let mine = try await make(client, stack: "mine")
        _ = try await make(client, stack: "theirs")
        _ = try await make(client, stack: nil)

        let answer = try await StackOwnership(client: client).owned(by: "mine")
        let owned = try XCTUnwrap(answer)
        XCTAssertEqual(Set(owned.keys), Set(mine))
        XCTAssertEqual(owned.values.map { $0["secmon:stack"] }, Array(repeating: "mine", count: mine.count))
    }
}
