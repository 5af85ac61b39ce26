import AWSClient
import TestSupport
import Foundation
import SecmonAlerts
import SecmonRender
import Testing
@testable import SecmonDoctor

/// who-read against scripted replies. LookupEvents is not implemented by moto, so its replies
/// here are hand-written in the shape of the CloudTrail API reference (Events[].CloudTrailEvent
/// holds the record as a JSON string; NextToken pages).
struct WhoReadTests {
    static let partial = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo"
    static let full = partial + "-AbCdEf"

    static func record(_ eventName: String = "GetSecretValue", id: String? = nil, list: [String]? = nil,
                       account: String = "111122223333", principal: String = "arn:aws:iam::111122223333:user/alice",
                       time: String = "2026-01-15T12:00:00Z", error: String? = nil) -> String {
        var parameters: [String: Any] = [:]
        if let id { parameters["secretId"] = id }
        if let list { parameters["secretIdList"] = list }
        var record: [String: Any] = [
            "eventTime": time, "eventSource": "secretsmanager.amazonaws.com", "eventName": eventName,
            "awsRegion": "us-east-1", "recipientAccountId": account, "sourceIPAddress": "203.0.113.9",
            "userAgent": "aws-cli/2.15", "requestParameters": parameters, "eventID": UUID().uuidString,
            "userIdentity": ["type": "IAMUser", "arn": principal, "accessKeyId": "AKIAEXAMPLE"],
            "vpcEndpointId": "vpce-0123",
        ]
        if let error { record["errorCode"] = error }
        let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func scripted() -> FakeAWS {
        let aws = FakeAWS()
        aws.on(.secretsmanager, "DescribeSecret", reply: ["Name": "TopSecretInfo", "ARN": .string(full)])
        return aws
    }

    /// The secret's exact pattern goes to FilterLogEvents; every page is read; records the
    /// endpoint returns that are not reads of the secret are dropped.
    @Test func theLogGroupComesFirst() async throws {
        let aws = Self.scripted()
        aws.on(.logs, "FilterLogEvents") { input in
            if input["nextToken"].string == nil {
                return ["events": [["message": .string(Self.record(id: "TopSecretInfo", time: "2026-01-15T12:05:00Z"))],
                                   ["message": .string(Self.record(id: "TopSecretInfoBackup"))]],
                        "nextToken": "p2"]
            }
            return ["events": [["message": .string(Self.record(id: Self.full, principal: "arn:aws:sts::111122223333:assumed-role/App/s1",
                                                                 time: "2026-01-15T12:01:00Z", error: "AccessDeniedException"))],
                               ["message": "not json"]]]
        }
        let report = try await WhoRead(client: aws).run(secret: "TopSecretInfo", logGroup: "/trail", since: Date(timeIntervalSince1970: 0))
        #expect(report.source == "logs:/trail")
        #expect(report.reads.map(\.time) == ["2026-01-15T12:01:00Z", "2026-01-15T12:05:00Z"])
        #expect(report.reads.map(\.idForm) == [.fullARN, .name])
        #expect(report.reads.first?.errorCode == "AccessDeniedException")
        #expect(report.reads.first?.vpcEndpointId == "vpce-0123")
        let sent = aws.inputs(.logs, "FilterLogEvents")
        #expect(sent.count == 2)
        #expect(sent.first?["filterPattern"].string?.contains(#""\#(Self.full)""#) == true)
        #expect(!aws.operations.contains("secretsmanager.GetSecretValue"))
    }

    /// Without a log group: LookupEvents by each read operation, paged, spaced to 2 requests a
    /// second, judged by the same exact pattern.
    @Test func eventHistoryWithoutALogGroup() async throws {
        let aws = Self.scripted()
        aws.on(.cloudtrail, "LookupEvents") { input in
            let name = input["LookupAttributes"][0]["AttributeValue"].string
            switch (name, input["NextToken"].string) {
            case ("GetSecretValue", nil):
                return ["Events": [["CloudTrailEvent": .string(Self.record(id: Self.partial))],
                                   ["CloudTrailEvent": .string(Self.record(id: "staging/TopSecretInfo"))]],
                        "NextToken": "t2"]
            case ("GetSecretValue", _):
                return ["Events": [["CloudTrailEvent": .string(Self.record(id: "TopSecretInfo", account: "444455556666"))]]]
            default:
                return ["Events": [["CloudTrailEvent": .string(Self.record("BatchGetSecretValue", list: ["Other", "TopSecretInfo"],
                                                                           time: "2026-01-15T13:00:00Z"))]]]
            }
        }
        let slept = SleepLog()
        let report = try await WhoRead(client: aws, sleep: { await slept.add($0) })
            .run(secret: "TopSecretInfo", logGroup: nil, since: Date(timeIntervalSince1970: 0), until: Date(timeIntervalSince1970: 86400 * 10))
        #expect(report.source == "cloudtrail:LookupEvents")
        #expect(report.reads.map(\.idForm) == [.partialARN, .name])
        #expect(report.reads.map(\.operation) == ["GetSecretValue", "BatchGetSecretValue"])
        #expect(aws.inputs(.cloudtrail, "LookupEvents").count == 3)
        #expect(await slept.all == [.milliseconds(500), .milliseconds(500)])
        #expect(report.notes.isEmpty)
    }

    @Test func aMissingLogGroupFallsBackAndTheWindowStopsAtNinetyDays() async throws {
        let aws = Self.scripted()
        aws.on(.logs, "FilterLogEvents", error: "ResourceNotFoundException")
        aws.on(.cloudtrail, "LookupEvents", reply: ["Events": []])
        let until = Date(timeIntervalSince1970: 200 * 86400)
        let report = try await WhoRead(client: aws, sleep: { _ in })
            .run(secret: "TopSecretInfo", logGroup: "/gone", since: Date(timeIntervalSince1970: 0), until: until)
        #expect(report.source == "cloudtrail:LookupEvents")
        #expect(report.notes.count == 2)
        #expect(report.since == until.addingTimeInterval(-90 * 86400))
        #expect(WhoReadRendering.text(report).contains("no reads"))
    }

    @Test func theTableAndTheJSON() async throws {
        let aws = Self.scripted()
        aws.on(.logs, "FilterLogEvents", reply: ["events": [["message": .string(Self.record(id: "TopSecretInfo"))]]])
        let report = try await WhoRead(client: aws).run(secret: "TopSecretInfo", logGroup: "/trail", since: Date(timeIntervalSince1970: 0))
        let text = WhoReadRendering.text(report)
        #expect(text.contains("TIME"))
        #expect(text.contains("2026-01-15T12:00:00Z  arn:aws:iam::111122223333:user/alice  203.0.113.9"))
        #expect(text.contains("1 read by 1 principal"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(WhoReadRendering.json(report).utf8)) as? [String: Any])
        let reads = try #require(json["reads"] as? [[String: Any]])
        #expect(reads.first?["principal"] as? String == "arn:aws:iam::111122223333:user/alice")
        #expect(reads.first?["idForm"] as? String == "name")
    }
}

actor SleepLog {
    var all: [Duration] = []
    func add(_ duration: Duration) { all.append(duration) }
}
