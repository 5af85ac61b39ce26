import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct BucketDriverTests {
    let trail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail"
    var desired: [String: Value] {
        ["name": .s("secmon-trail-logs"), "cloudtrail_delivery": .bool(true), "trail_arns": .list([.s(trail)]),
         "log_expiry_days": .int(90)]
    }

    /// A bucket configured exactly as `desired` says.
    func scriptConverged(_ fake: FakeAWS, tags: [String: String]? = nil) {
        let d = BucketDriver(client: FakeAWS())
        let policy = d.normalize(desired, id: "trail_bucket", context: context)["policy"] ?? .null
        fake.on(.s3, "GetBucketTagging", reply: ["TagSet": tagList(tags ?? ownedTags("trail_bucket"))])
        fake.on(.s3, "GetPublicAccessBlock", reply: ["PublicAccessBlockConfiguration": [
            "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true,
        ]])
        fake.on(.s3, "GetBucketEncryption", error: "ServerSideEncryptionConfigurationNotFoundError")
        fake.on(.s3, "GetBucketLifecycleConfiguration", reply: ["Rules": [
            ["ID": "secmon-log-expiry", "Status": "Enabled", "Filter": ["Prefix": ""], "Expiration": ["Days": 90]],
        ]])
        fake.on(.s3, "GetBucketPolicy", reply: ["Policy": .string(PolicyDocument.encode(policy))])
    }

    @Test func thePolicyLetsOnlyTheStacksTrailsDeliverAndDeniesPlainHTTP() throws {
        let n = BucketDriver(client: FakeAWS()).normalize(desired, id: "trail_bucket", context: context)
        let statements = try #require(n["policy"]?["Statement"]?.listValue)
        let bySid = Dictionary(uniqueKeysWithValues: statements.compactMap { s in s["Sid"]?.stringValue.map { ($0, s) } })
        let acl = try #require(bySid["AWSCloudTrailAclCheck"])
        #expect(acl["Action"] == .s("s3:GetBucketAcl"))
        #expect(acl["Resource"] == .s("arn:aws:s3:::secmon-trail-logs"))
        #expect(acl["Condition"]?["StringEquals"]?["aws:SourceArn"] == .s(trail))
        let write = try #require(bySid["AWSCloudTrailWrite"])
        #expect(write["Action"] == .s("s3:PutObject"))
        #expect(write["Principal"] == .map(["Service": .s("cloudtrail.amazonaws.com")]))
        #expect(write["Condition"]?["StringEquals"]?["s3:x-amz-acl"] == .s("bucket-owner-full-control"))
        #expect(write["Condition"]?["StringEquals"]?["aws:SourceArn"] == .s(trail))
        let deny = try #require(bySid["DenyInsecureTransport"])
        #expect(deny["Effect"] == .s("Deny"))
        #expect(deny["Condition"]?["Bool"]?["aws:SecureTransport"] == .s("false"))
    }

    @Test func withoutDeliveryOnlyTheTLSRuleRemains() {
        let n = BucketDriver(client: FakeAWS()).normalize(["name": .s("b")], id: "b", context: context)
        #expect(n["policy"]?["Statement"]?["Sid"] == .s("DenyInsecureTransport"))
    }

    @Test func createTagsInTheCreateCallAndRightAfterThenConfigures() async throws {
        let fake = FakeAWS()
        // The tags, block, encryption and expiry go out together (each is held until all four
        // were sent: one round trip, not four); the policy alone, after them.
        let together: Set = ["s3.PutBucketTagging", "s3.PutPublicAccessBlock", "s3.PutBucketEncryption",
                             "s3.PutBucketLifecycleConfiguration"]
        for operation in together { fake.hold(.s3, String(operation.dropFirst(3)), untilCalled: together) }
        _ = try await BucketDriver(client: fake, options: testOptions()).create(id: "trail_bucket", properties: desired,
                                                                               context: context)
        #expect(fake.operations.first == "s3.CreateBucket")
        #expect(Set(fake.operations.dropFirst().dropLast()) == together)
        #expect(fake.operations.last == "s3.PutBucketPolicy")
        #expect(fake.operations.count == 6)
        let create = fake.inputs(.s3, "CreateBucket")[0]
        #expect(create["CreateBucketConfiguration"]["LocationConstraint"].isNull)
        #expect(tagsFromList(create["CreateBucketConfiguration"]["Tags"]) == ownedTags("trail_bucket"))
        #expect(tagsFromList(fake.inputs(.s3, "PutBucketTagging")[0]["Tagging"]["TagSet"]) == ownedTags("trail_bucket"))
        let rule = fake.inputs(.s3, "PutBucketEncryption")[0]["ServerSideEncryptionConfiguration"]["Rules"][0]
        #expect(rule["ApplyServerSideEncryptionByDefault"] == ["SSEAlgorithm": "AES256"])
        #expect(fake.inputs(.s3, "PutBucketLifecycleConfiguration")[0]["LifecycleConfiguration"]["Rules"][0]["Expiration"]
            == ["Days": 90])
    }

    /// S3 refuses a configuration change racing another ("OperationAborted", 409): waited out
    /// and retried, not a failed step.
    @Test func aConflictingConfigurationChangeIsRetried() async throws {
        let fake = FakeAWS()
        let sleeps = SleepLog()
        fake.once(.s3, "PutBucketPolicy", error: "OperationAborted", status: 409)
        _ = try await BucketDriver(client: fake, options: testOptions(sleeps: sleeps)).create(id: "trail_bucket",
                                                                                             properties: desired, context: context)
        #expect(fake.inputs(.s3, "PutBucketPolicy").count == 2)
        #expect(await sleeps.sleeps.count == 1)
    }

    @Test func outsideUSEast1TheRegionIsNamed() async throws {
        let fake = FakeAWS(region: "eu-west-1")
        let eu = DriverContext(stackName: "demo", accountID: "123456789012", region: "eu-west-1")
        _ = try await BucketDriver(client: fake, options: testOptions()).create(id: "b", properties: ["name": .s("b-eu")], context: eu)
        #expect(fake.inputs(.s3, "CreateBucket")[0]["CreateBucketConfiguration"]["LocationConstraint"] == "eu-west-1")
    }

    @Test func aRetriedCreateCarriesOnWhenTheBucketIsAlreadyOurs() async throws {
        let fake = FakeAWS(region: "eu-west-1")
        fake.on(.s3, "CreateBucket", error: "BucketAlreadyOwnedByYou")
        let eu = DriverContext(stackName: "demo", accountID: "123456789012", region: "eu-west-1")
        _ = try await BucketDriver(client: fake, options: testOptions()).create(id: "b", properties: ["name": .s("b-eu")], context: eu)
        #expect(fake.operations.contains("s3.PutBucketTagging"))
    }

    @Test func aConvergedBucketHasNoDiff() async throws {
        let fake = FakeAWS()
        scriptConverged(fake)
        let d = BucketDriver(client: fake, options: testOptions())
        let live = try #require(try await d.read(["secmon-trail-logs"], hints: [:], context: context)["secmon-trail-logs"])
        #expect(live.ownerStack == "demo")
        #expect(live.properties["encryption"] == .s("AES256"))
        #expect(d.diff(desired: d.normalize(desired, id: "trail_bucket", context: context), live: live).isEmpty)
    }

    @Test func aMissingBucketIsAbsent() async throws {
        let fake = FakeAWS()
        for op in ["GetBucketTagging", "GetPublicAccessBlock", "GetBucketEncryption", "GetBucketLifecycleConfiguration", "GetBucketPolicy"] {
            fake.on(.s3, op, error: "NoSuchBucket")
        }
        #expect(try await BucketDriver(client: fake, options: testOptions()).read(["x"], hints: [:], context: context).isEmpty)
    }

    // The crash between CreateBucket and PutBucketTagging, on an endpoint that ignores tags in
    // CreateBucket: the next plan must not call the bucket "not owned".
    func scriptLeftover(_ fake: FakeAWS, objects: Bool) {
        fake.on(.s3, "GetBucketTagging", error: "NoSuchTagSet")
        fake.on(.s3, "GetPublicAccessBlock", error: "NoSuchPublicAccessBlockConfiguration")
        fake.on(.s3, "GetBucketEncryption", error: "ServerSideEncryptionConfigurationNotFoundError")
        fake.on(.s3, "GetBucketLifecycleConfiguration", error: "NoSuchLifecycleConfiguration")
        fake.on(.s3, "GetBucketPolicy", error: "NoSuchBucketPolicy")
        fake.on(.s3, "ListObjectVersions", reply: objects ? ["Versions": [["Key": "k", "VersionId": "null"]]] : [:])
    }

    @Test func anEmptyUntaggedBucketTheStackWantsIsClaimedAndThenTagged() async throws {
        let fake = FakeAWS()
        scriptLeftover(fake, objects: false)
        let d = BucketDriver(client: fake, options: testOptions())
        let hints = ["secmon-trail-logs": desired]
        let live = try #require(try await d.read(["secmon-trail-logs"], hints: hints, context: context)["secmon-trail-logs"])
        #expect(live.ownerStack == "demo")
        #expect(live.attributes["recovered_untagged"] == .bool(true))
        let changes = d.diff(desired: d.normalize(desired, id: "trail_bucket", context: context), live: live)
        #expect(changes.contains { $0.path == "tags.secmon:stack" })
        _ = try await d.update(id: "trail_bucket", live: live, properties: desired, changes: changes, context: context)
        #expect(tagsFromList(fake.inputs(.s3, "PutBucketTagging")[0]["Tagging"]["TagSet"]) == ownedTags("trail_bucket"))
    }

    @Test func anUntaggedBucketWithObjectsStaysUnowned() async throws {
        let fake = FakeAWS()
        scriptLeftover(fake, objects: true)
        let hints = ["secmon-trail-logs": desired]
        let live = try await BucketDriver(client: fake, options: testOptions())
            .read(["secmon-trail-logs"], hints: hints, context: context)["secmon-trail-logs"]
        #expect(live != nil && live?.ownerStack == nil)
    }

    @Test func anUntaggedBucketTheStackDoesNotWantStaysUnowned() async throws {
        let fake = FakeAWS()
        scriptLeftover(fake, objects: false)
        let live = try await BucketDriver(client: fake, options: testOptions())
            .read(["secmon-trail-logs"], hints: [:], context: context)["secmon-trail-logs"]
        #expect(live?.ownerStack == nil)
        #expect(fake.inputs(.s3, "ListObjectVersions").isEmpty)
    }

    @Test func aBucketWithObjectsIsNotDeletedWithoutForceDestroy() async throws {
        let fake = FakeAWS()
        fake.on(.s3, "ListObjectVersions", reply: ["Versions": [["Key": "AWSLogs/x.json.gz", "VersionId": "null"]]])
        let live = LiveResource(kind: "bucket", physicalID: "b", properties: ["force_destroy": .bool(false)], attributes: [:],
                                ownerStack: "demo")
        do {
            _ = try await BucketDriver(client: fake, options: testOptions()).delete(live, context: context)
            Issue.record("expected a refusal")
        } catch let error as ResourceError {
            #expect(error.message.contains("force_destroy"))
        }
        #expect(!fake.operations.contains("s3.DeleteObjects") && !fake.operations.contains("s3.DeleteBucket"))
    }

    @Test func forceDestroyEmptiesTheBucketFirst() async throws {
        let fake = FakeAWS()
        fake.once(.s3, "ListObjectVersions", reply: [
            "Versions": [["Key": "a", "VersionId": "v1"]], "DeleteMarkers": [["Key": "a", "VersionId": "v2"]],
        ])
        fake.on(.s3, "ListObjectVersions", reply: [:])
        fake.on(.s3, "GetBucketTagging", reply: ["TagSet": tagList(ownedTags("b"))])
        let d = BucketDriver(client: fake, options: testOptions())
        var live = LiveResource(kind: "bucket", physicalID: "b", properties: [:], attributes: [:], ownerStack: "demo")
        live.properties["force_destroy"] = .bool(true)
        _ = try await d.delete(live, context: context)
        #expect(fake.operations == ["s3.ListObjectVersions", "s3.DeleteObjects", "s3.ListObjectVersions", "s3.DeleteBucket"])
        #expect(fake.inputs(.s3, "DeleteObjects")[0]["Delete"]["Objects"]
            == [["Key": "a", "VersionId": "v1"], ["Key": "a", "VersionId": "v2"]])
    }

    @Test func forceDestroyComesFromTheHints() async throws {
        let fake = FakeAWS()
        scriptConverged(fake)
        var hinted = desired
        hinted["force_destroy"] = .bool(true)
        let live = try await BucketDriver(client: fake, options: testOptions())
            .read(["secmon-trail-logs"], hints: ["secmon-trail-logs": hinted], context: context)["secmon-trail-logs"]
        #expect(live?.properties["force_destroy"] == .bool(true))
    }
}
