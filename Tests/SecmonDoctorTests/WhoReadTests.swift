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

    /// The trail's bucket in the shape S3 and CloudTrail write it: one log file on
    /// 2026-01-15 (reads inside and outside the window, near misses), a digest-like object that
    /// is not CloudTrail, nothing on the other days.
    static func trailBucket(_ aws: FakeAWS) {
        aws.on(.cloudtrail, "DescribeTrails", reply: ["trailList": [["Name": "secret-trail", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/secret-trail",
                                                                     "S3BucketName": "trail-bucket", "S3KeyPrefix": "ct"]]])
        let day = "ct/AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/15/"
        aws.on(.s3, "ListObjectsV2") { input in
            guard input["Prefix"].string == day else { return ["KeyCount": 0] }
            if input["ContinuationToken"].string == nil {
                return ["Contents": [["Key": .string(day + "111122223333_CloudTrail_us-east-1_20260115T1205Z_a.json")]],
                        "IsTruncated": true, "NextContinuationToken": "k2"]
            }
            return ["Contents": [["Key": .string(day + "manifest.json")]], "IsTruncated": false]
        }
        let file = #"{"Records":["# + [
            Self.record(id: Self.full, time: "2026-01-15T12:01:00Z", error: "ResourceNotFoundException"),
            Self.record(id: "TopSecretInfoBackup", time: "2026-01-15T12:02:00Z"),
            Self.record(id: "TopSecretInfo", account: "444455556666", time: "2026-01-15T12:03:00Z"),
            Self.record("BatchGetSecretValue", list: ["Other", Self.partial], time: "2026-01-15T12:04:00Z"),
            Self.record(id: "TopSecretInfo", time: "2026-01-14T23:59:00Z"),
        ].joined(separator: ",") + "]}"
        aws.on(.s3, "GetObject") { input in
            input["Key"].string?.hasSuffix("manifest.json") == true ? ["Body": .blob(Data(#"{"digest":1}"#.utf8))] : ["Body": .blob(Data(file.utf8))]
        }
    }

    /// When LookupEvents cannot answer, the trail's log files in S3: each day's prefix under
    /// AWSLogs/ACCOUNT/CloudTrail/REGION/, every page, each record in the window judged by the
    /// exact pattern; an object that is not CloudTrail is skipped and counted.
    @Test func theTrailsObjectsWhenTheEventHistoryCannotAnswer() async throws {
        let aws = Self.scripted()
        aws.on(.cloudtrail, "LookupEvents", error: "AccessDeniedException", status: 400)
        Self.trailBucket(aws)
        let since = ISO8601DateFormatter().date(from: "2026-01-15T00:00:00Z")!
        let report = try await WhoRead(client: aws, sleep: { _ in })
            .run(secret: "TopSecretInfo", logGroup: nil, trail: "secret-trail", since: since, until: since.addingTimeInterval(86_400))
        #expect(report.source == "s3://trail-bucket/ct/AWSLogs/111122223333/CloudTrail/us-east-1/")
        #expect(report.reads.map(\.time) == ["2026-01-15T12:01:00Z", "2026-01-15T12:04:00Z"])
        #expect(report.reads.map(\.idForm) == [.fullARN, .partialARN])
        #expect(report.notes == ["CloudTrail event history could not be read (AccessDeniedException); reading the trail's log files in S3 instead",
                                 "read 1 CloudTrail log file, skipped 1 that are not CloudTrail"])
        // The window's days and the day after: 15, 16 and 17 January.
        #expect(Set(aws.inputs(.s3, "ListObjectsV2").compactMap { $0["Prefix"].string }) == Set(["15", "16", "17"].map {
            "ct/AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/\($0)/"
        }))
        #expect(!aws.operations.contains("secretsmanager.GetSecretValue"))
    }

    /// `--source s3` reads the trail's objects even with a log group; `--source logs` without
    /// one, or s3 without a trail, says what to try.
    @Test func aSourceCanBeChosen() async throws {
        let aws = Self.scripted()
        Self.trailBucket(aws)
        let since = ISO8601DateFormatter().date(from: "2026-01-15T12:00:00Z")!
        let report = try await WhoRead(client: aws, sleep: { _ in })
            .run(secret: "TopSecretInfo", logGroup: "/trail", trail: "secret-trail", source: .s3, since: since, until: since.addingTimeInterval(3_600))
        #expect(report.reads.count == 2)
        #expect(!aws.operations.contains("logs.FilterLogEvents") && !aws.operations.contains("cloudtrail.LookupEvents"))
        await #expect(throws: WhoReadError.self) {
            try await WhoRead(client: aws).run(secret: "TopSecretInfo", logGroup: nil, source: .logs, since: since)
        }
        await #expect(throws: WhoReadError.self) {
            try await WhoRead(client: aws).run(secret: "TopSecretInfo", logGroup: "/trail", trail: nil, source: .s3, since: since)
        }
        // Without a trail, a failed event history is the error it was.
        let denied = Self.scripted()
        denied.on(.cloudtrail, "LookupEvents", error: "AccessDeniedException", status: 400)
        await #expect(throws: AWSError.self) {
            try await WhoRead(client: denied, sleep: { _ in }).run(secret: "TopSecretInfo", logGroup: nil, since: since)
        }
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
