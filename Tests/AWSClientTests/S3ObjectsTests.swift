import AWSClient
import Foundation
import Testing
import TestSupport

/// ListObjectsV2's own paging (ContinuationToken out, NextContinuationToken back, IsTruncated)
/// and GetObject's body, as `s3Keys` and `s3Object` read them.
struct S3ObjectsTests {
    @Test func keysFollowEveryPageAndLeaveOutFolders() async throws {
        let aws = FakeAWS()
        aws.on(.s3, "ListObjectsV2") { input in
            switch input["ContinuationToken"].string {
            case nil: return ["Contents": [["Key": "p/a.json.gz"], ["Key": "p/"]], "IsTruncated": true, "NextContinuationToken": "t1"]
            case "t1": return ["Contents": [["Key": "p/b.json.gz"]], "IsTruncated": true, "NextContinuationToken": "t2"]
            default: return ["Contents": [["Key": "p/c.json.gz"]], "IsTruncated": false]
            }
        }
        #expect(try await aws.s3Keys(bucket: "b", prefix: "p/") == ["p/a.json.gz", "p/b.json.gz", "p/c.json.gz"])
        #expect(aws.inputs(.s3, "ListObjectsV2").map { $0["ContinuationToken"].string } == [nil, "t1", "t2"])
        #expect(aws.inputs(.s3, "ListObjectsV2").allSatisfy { $0["Prefix"] == "p/" })
    }

    @Test func aRepeatedTokenEndsTheListing() async throws {
        let aws = FakeAWS()
        aws.on(.s3, "ListObjectsV2", reply: ["Contents": [["Key": "a"]], "IsTruncated": true, "NextContinuationToken": "same"])
        #expect(try await aws.s3Keys(bucket: "b", prefix: "").count == 2)
        #expect(aws.inputs(.s3, "ListObjectsV2").first?["Prefix"].string == nil)
    }

    @Test func anObjectsBody() async throws {
        let aws = FakeAWS()
        aws.on(.s3, "GetObject", reply: ["Body": .blob(Data([0x1F, 0x8B, 1]))])
        #expect(try await aws.s3Object(bucket: "b", key: "k") == Data([0x1F, 0x8B, 1]))
    }
}
