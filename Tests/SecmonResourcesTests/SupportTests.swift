import AWSClient
import Foundation
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct PolicyDocumentTests {
    @Test func keyOrderWhitespaceScalarsAndListOrderDoNotMatter() {
        let a = PolicyDocument.parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetBucketAcl"],
          "Resource":["arn:aws:s3:::b"],"Principal":{"Service":["cloudtrail.amazonaws.com"]}}]}
        """)
        let b = PolicyDocument.parse("""
        { "Statement": { "Principal": { "Service": "cloudtrail.amazonaws.com" }, "Resource": "arn:aws:s3:::b",
          "Action": ["s3:GetBucketAcl", "s3:PutObject"], "Effect": "Allow" }, "Version": "2012-10-17" }
        """)
        #expect(a != nil)
        #expect(a == b)
    }

    @Test func aDifferentEffectIsADifference() {
        let allow = PolicyDocument.parse(#"{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}"#)
        let deny = PolicyDocument.parse(#"{"Statement":[{"Effect":"Deny","Action":"s3:*"}]}"#)
        #expect(allow != deny)
    }

    @Test func percentEncodedDocumentsAreDecoded() {
        let encoded = "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Statement%22%3A%20%5B%5D%7D"
        #expect(PolicyDocument.parse(encoded) == .map(["Version": .s("2012-10-17"), "Statement": .list([])]))
    }

    @Test func garbageIsNotAPolicy() {
        #expect(PolicyDocument.parse("not json") == nil)
    }

    @Test func encodingRoundTrips() {
        let doc = TopicPolicy.document(topicArn: "arn:aws:sns:us-east-1:123456789012:t", publishers: ["cloudwatch"],
                                       context: context)
        #expect(PolicyDocument.parse(PolicyDocument.encode(doc)) == doc)
    }
}

@Suite struct KMSKeyReferenceTests {
    @Test func sameKeyWrittenDifferently() {
        let arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab"
        #expect(KMSKeyReference.same(arn, "1234abcd-12ab"))
        #expect(KMSKeyReference.same("1234abcd-12ab", arn))
        #expect(KMSKeyReference.same("alias/logs", "arn:aws:kms:us-east-1:123456789012:alias/logs"))
        #expect(KMSKeyReference.same(nil as String?, nil))
    }

    @Test func differentKeys() {
        #expect(!KMSKeyReference.same("arn:aws:kms:us-east-1:123456789012:key/aaa", "bbb"))
        #expect(!KMSKeyReference.same("alias/a", "arn:aws:kms:us-east-1:1:alias/b"))
        #expect(!KMSKeyReference.same("k", nil))
    }
}

@Suite struct TagTests {
    @Test func desiredTagsMergeStackTagsOwnTagsAndOwnership() {
        let tags = Tags.desired(.map(["team": .s("platform"), "cost": .s("42")]), id: "trail_logs", context: context)
        #expect(tags == .map(["team": .s("platform"), "cost": .s("42"), "secmon:stack": .s("demo"),
                              "secmon:id": .s("trail_logs"), "secmon:region": .s(context.region)]))
    }

    @Test func aLiveResourceNamesTheRegionThatManagesIt() {
        let tags = ["secmon:stack": "demo", "secmon:id": "trail_role", "secmon:region": "us-west-2"]
        let live = LiveResource(kind: "role", physicalID: "r", tags: tags, properties: [:], attributes: [:])
        #expect(live.ownerRegion == "us-west-2")
        #expect(!DriverContext(stackName: "demo", accountID: "1", region: "us-east-1").owns(live),
                "a plan in us-east-1 neither changes nor deletes what us-west-2 manages")
        #expect(DriverContext(stackName: "demo", accountID: "1", region: "us-west-2").owns(live))
        let older = LiveResource(kind: "role", physicalID: "r", tags: ["secmon:stack": "demo"], properties: [:], attributes: [:])
        #expect(DriverContext(stackName: "demo", accountID: "1", region: "us-east-1").owns(older),
                "made before the region tag: the region that plans it first tags it")
    }

    @Test func aTargetsResourcesCarryItsIdAndOnlyThatTargetOwnsThem() {
        var targeted = context
        targeted.target = "prod"
        let tags = Tags.desired(nil, id: "alerts", context: targeted)
        #expect(tags["secmon:target"] == .s("prod"))
        #expect(Tags.desired(nil, id: "alerts", context: context)["secmon:target"] == nil, "no tag without targets:")

        let live = LiveResource(kind: "topic", physicalID: "t", tags: ["secmon:stack": "demo", "secmon:region": context.region,
                                                                      "secmon:target": "prod"], properties: [:], attributes: [:])
        #expect(live.ownerTarget == "prod")
        #expect(targeted.owns(live))
        var other = context
        other.target = "staging"
        #expect(!other.owns(live), "another target of the stack in the same account and region")
        #expect(!context.owns(live), "nor the stack without targets:")

        // A child (a subscription) is owned as its parent is.
        var child = LiveResource(kind: "subscription", physicalID: "s", properties: [:], attributes: [:], ownerStack: nil)
        child.ownedThroughParent(["secmon:stack": "demo", "secmon:region": context.region, "secmon:target": "prod"])
        #expect(child.ownerStack == "demo" && child.ownerTarget == "prod" && child.ownerRegion == context.region)
        #expect(!other.owns(child))
    }

    @Test func awsTagsAreNeitherShownNorRemoved() {
        #expect(Tags.liveValue(["aws:cloudformation:stack-name": "x", "a": "b"]) == .map(["a": .s("b")]))
        let changes = Tags.changes(live: ["aws:x": "1", "old": "1", "same": "v"], desired: ["same": "v", "new": "2"])
        #expect(changes.set == ["new": "2"])
        #expect(changes.remove == ["old"])
    }

    @Test func tagsDiffKeyByKey() {
        let live = LiveResource(kind: "log_group", physicalID: "g", properties: ["tags": .map(["a": .s("1"), "b": .s("2")])],
                                attributes: [:], ownerStack: "demo")
        let changes = PropertyDiff.changes(desired: ["tags": .map(["b": .s("2"), "a": .s("9"), "c": .s("3")])], live: live,
                                           replaceOn: [])
        #expect(changes.map(\.path) == ["tags.a", "tags.c"])
    }
}

@Suite struct EventualConsistencyRetryTests {
    static let createTrail: AWSValue = ["Name": "secret-trail", "S3BucketName": "trail-bucket"]

    @Test func retriesListedErrorsWithBackoffThenSucceeds() async throws {
        let sleeps = SleepLog()
        let fake = FakeAWS()
        fake.once(.cloudtrail, "CreateTrail", error: "InsufficientS3BucketPolicyException")
        fake.once(.cloudtrail, "CreateTrail", error: "InvalidCloudWatchLogsRoleArnException")
        fake.once(.cloudtrail, "CreateTrail", reply: ["TrailARN": "arn"])
        let retry = EventualConsistencyRetry(maxWait: .seconds(60), sleeper: { await sleeps.record($0) })
        let reply = try await retry.run(retryingOn: TrailDriver.propagationErrors) {
            try await fake.call(.cloudtrail, "CreateTrail", Self.createTrail)
        }
        #expect(reply["TrailARN"].string == "arn")
        #expect(await sleeps.sleeps == [.seconds(1), .seconds(2)])
    }

    @Test func givesUpAfterTheBound() async {
        let sleeps = SleepLog()
        let fake = FakeAWS()
        fake.on(.cloudtrail, "CreateTrail", error: "InsufficientSnsTopicPolicyException")
        let retry = EventualConsistencyRetry(maxWait: .seconds(60), sleeper: { await sleeps.record($0) })
        await #expect(throws: AWSError.self) {
            try await retry.run(retryingOn: TrailDriver.propagationErrors) { try await fake.call(.cloudtrail, "CreateTrail", Self.createTrail) }
        }
        let total = await sleeps.sleeps.reduce(Duration.zero, +)
        #expect(total == .seconds(60))
    }

    @Test func otherErrorsAreNotRetried() async {
        let sleeps = SleepLog()
        let fake = FakeAWS()
        fake.on(.cloudtrail, "CreateTrail", error: "InvalidTrailNameException")
        let retry = EventualConsistencyRetry(maxWait: .seconds(60), sleeper: { await sleeps.record($0) })
        await #expect(throws: AWSError.self) {
            try await retry.run(retryingOn: TrailDriver.propagationErrors) { try await fake.call(.cloudtrail, "CreateTrail", Self.createTrail) }
        }
        #expect(await sleeps.sleeps.isEmpty)
        #expect(fake.calls.count == 1)
    }
}

@Suite struct HelperTests {
    @Test func concurrentMapKeepsOrder() async throws {
        let out = try await concurrentMap(Array(0 ..< 50), limit: 3) { $0 * 2 }
        #expect(out == Array(0 ..< 50).map { $0 * 2 })
    }

    @Test func aFailingBranchDoesNotCancelTheOthers() async throws {
        struct Boom: Error {}
        let gate = Gate()
        let seen = CancellationSeen()
        await #expect(throws: Boom.self) {
            _ = try await concurrentMap([0, 1], limit: 2) { item -> Int in
                if item == 0 {
                    await gate.open()
                    throw Boom()
                }
                await gate.wait()
                // Give a cancellation, if any, time to arrive before looking.
                try? await Task.sleep(for: .milliseconds(50))
                await seen.record(Task.isCancelled)
                return item
            }
        }
        #expect(await seen.value == false)
    }

    @Test func paginationStopsOnARepeatedToken() async throws {
        let fake = FakeAWS()
        fake.on(.sns, "ListTopics", reply: ["Topics": [], "NextToken": "same"])
        let pages = try await fake.pages(.sns, "ListTopics", [:])
        #expect(pages.count == 2)
    }

    @Test func notFoundIsDecidedPerServiceByCode() {
        #expect(FakeAWS.error(.iam, "GetRole", "NoSuchEntity").isNotFound)
        #expect(FakeAWS.error(.sns, "GetTopicAttributes", "NotFound").isNotFound)
        #expect(FakeAWS.error(.cloudtrail, "GetTrail", "TrailNotFoundException").isNotFound)
        #expect(!FakeAWS.error(.iam, "GetRole", "ResourceNotFoundException").isNotFound)
        #expect(!FakeAWS.error(.logs, "X", "ThrottlingException").isNotFound)
    }

    @Test func errorsNameTheResource() async {
        let fake = FakeAWS()
        fake.on(.logs, "CreateLogGroup", error: "LimitExceededException")
        let driver = LogGroupDriver(client: fake, options: testOptions())
        do {
            _ = try await driver.create(id: "logs", properties: ["name": .s("/secmon/trail")], context: context)
            Issue.record("expected an error")
        } catch let error as ResourceError {
            #expect(error.description.contains("create log_group \"/secmon/trail\""))
            #expect(error.underlying?.code == "LimitExceededException")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func registryHasOneDriverPerKind() {
        let drivers = ResourceDrivers.all(client: FakeAWS())
        #expect(Set(drivers.keys) == Set(ResourceDrivers.kinds))
        for (kind, driver) in drivers { #expect(driver.kind == kind) }
    }
}

actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

actor CancellationSeen {
    private(set) var value: Bool?
    func record(_ cancelled: Bool) { value = cancelled }
}
