import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct TrailDriverTests {
    let arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/secret-trail"
    let logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail"
    let role = "arn:aws:iam::123456789012:role/secmon-trail"
    var desired: [String: Value] {
        ["name": .s("secret-trail"), "bucket": .s("secmon-trail-logs"), "log_group": .s(logGroup), "role": .s(role)]
    }

    func trail(_ name: String, home: String = "us-east-1", multiRegion: Bool = true) -> AWSValue {
        ["Name": .string(name), "TrailARN": .string("arn:aws:cloudtrail:\(home):123456789012:trail/\(name)"),
         "HomeRegion": .string(home), "S3BucketName": "secmon-trail-logs", "IncludeGlobalServiceEvents": true,
         "IsMultiRegionTrail": .bool(multiRegion), "LogFileValidationEnabled": true,
         "CloudWatchLogsLogGroupArn": .string(logGroup + ":*"), "CloudWatchLogsRoleArn": .string(role)]
    }

    func script(_ fake: FakeAWS, logging: Bool = true, selectors: AWSValue = ["EventSelectors": [], "AdvancedEventSelectors": []],
                multiRegion: Bool = true) {
        fake.on(.cloudtrail, "DescribeTrails", reply: ["trailList": [
            trail("secret-trail", multiRegion: multiRegion), trail("someone-elses"), trail("shadow", home: "eu-west-1"),
        ]])
        fake.on(.cloudtrail, "GetTrailStatus", reply: ["IsLogging": .bool(logging)])
        fake.on(.cloudtrail, "GetEventSelectors", reply: selectors)
        fake.on(.cloudtrail, "ListTags") { input in
            ["ResourceTagList": .list(input["ResourceIdList"].list.map { id in
                ["ResourceId": id, "TagsList": id.string?.hasSuffix("/secret-trail") == true ? tagList(ownedTags("secret_trail")) : []]
            })]
        }
    }

    @Test func readFiltersClientSideAndAConvergedTrailHasNoDiff() async throws {
        let fake = FakeAWS()
        script(fake)
        let d = TrailDriver(client: fake, options: testOptions())
        let found = try await d.read(["secret-trail"], hints: [:], context: context)
        #expect(Array(found.keys) == ["secret-trail"])
        let live = try #require(found["secret-trail"])
        #expect(live.ownerStack == "demo" && live.logicalID == "secret_trail")
        #expect(live.properties["log_group"] == .s(logGroup))
        #expect(live.properties["management_events"] == .s("all"))
        #expect(d.diff(desired: d.normalize(desired, id: "secret_trail", context: context), live: live).isEmpty)
        #expect(fake.inputs(.cloudtrail, "ListTags") == [["ResourceIdList": .list([.string(arn)])]])
    }

    @Test func aStoppedTrailIsStartedAgain() async throws {
        let fake = FakeAWS()
        script(fake, logging: false)
        let d = TrailDriver(client: fake, options: testOptions())
        let live = try #require(try await d.read(["secret-trail"], hints: [:], context: context)["secret-trail"])
        let changes = d.diff(desired: d.normalize(desired, id: "secret_trail", context: context), live: live)
        #expect(changes == [PropertyChange(path: "logging", old: .bool(false), new: .bool(true))])
        let before = fake.calls.count
        _ = try await d.update(id: "secret_trail", live: live, properties: desired, changes: changes, context: context)
        #expect(fake.operations.dropFirst(before) == ["cloudtrail.StartLogging"])
        #expect(fake.inputs(.cloudtrail, "StartLogging") == [["Name": "secret-trail"]])
    }

    @Test func settingsChangesGoThroughUpdateTrailWithEverySetting() async throws {
        let fake = FakeAWS()
        script(fake, multiRegion: false)
        let d = TrailDriver(client: fake, options: testOptions())
        let live = try #require(try await d.read(["secret-trail"], hints: [:], context: context)["secret-trail"])
        let changes = d.diff(desired: d.normalize(desired, id: "secret_trail", context: context), live: live)
        #expect(changes.map(\.path) == ["multi_region"])
        _ = try await d.update(id: "secret_trail", live: live, properties: desired, changes: changes, context: context)
        let update = fake.inputs(.cloudtrail, "UpdateTrail")[0]
        #expect(update["IsMultiRegionTrail"] == true)
        #expect(update["CloudWatchLogsLogGroupArn"] == .string(logGroup + ":*"))
        // Only what the live trail has and the stack leaves out is cleared.
        #expect(update["SnsTopicName"].isNull)
        #expect(update["KmsKeyId"].isNull)
    }

    @Test func aRemovedLogGroupIsClearedAndATopicGoesByName() async throws {
        let fake = FakeAWS()
        script(fake)
        let d = TrailDriver(client: fake, options: testOptions())
        let live = try #require(try await d.read(["secret-trail"], hints: [:], context: context)["secret-trail"])
        let properties: [String: Value] = ["name": .s("secret-trail"), "bucket": .s("secmon-trail-logs"),
                                           "sns_topic": .s("arn:aws:sns:us-east-1:123456789012:SecurityAlarms")]
        let changes = d.diff(desired: d.normalize(properties, id: "secret_trail", context: context), live: live)
        _ = try await d.update(id: "secret_trail", live: live, properties: properties, changes: changes, context: context)
        let update = fake.inputs(.cloudtrail, "UpdateTrail")[0]
        #expect(update["CloudWatchLogsLogGroupArn"] == "")
        #expect(update["CloudWatchLogsRoleArn"] == "")
        #expect(update["SnsTopicName"] == "SecurityAlarms")
        #expect(TrailDriver.topicReference("arn:aws:sns:eu-west-1:123456789012:Other", context)
            == "arn:aws:sns:eu-west-1:123456789012:Other")
    }

    @Test func createChecksFirstRetriesPropagationAndStartsLogging() async throws {
        let fake = FakeAWS()
        let sleeps = SleepLog()
        fake.on(.cloudtrail, "GetTrail", error: "TrailNotFoundException")
        fake.once(.cloudtrail, "CreateTrail", error: "InvalidCloudWatchLogsRoleArnException")
        fake.on(.cloudtrail, "CreateTrail", reply: ["TrailARN": .string(arn)])
        let d = TrailDriver(client: fake, options: testOptions(sleeps: sleeps))
        var properties = desired
        properties["management_events"] = .s("write_only")
        let attributes = try await d.create(id: "secret_trail", properties: properties, context: context)
        #expect(fake.operations == ["cloudtrail.GetTrail", "cloudtrail.CreateTrail", "cloudtrail.CreateTrail",
                                    "cloudtrail.PutEventSelectors", "cloudtrail.StartLogging"])
        #expect(await sleeps.sleeps.count == 1)
        let create = fake.inputs(.cloudtrail, "CreateTrail")[0]
        #expect(create["CloudWatchLogsLogGroupArn"] == .string(logGroup + ":*"))
        #expect(create["IsMultiRegionTrail"] == true)
        #expect(create["SnsTopicName"].isNull)
        #expect(tagsFromList(create["TagsList"]) == ownedTags("secret_trail"))
        #expect(fake.inputs(.cloudtrail, "PutEventSelectors")[0]["EventSelectors"]
            == [["ReadWriteType": "WriteOnly", "IncludeManagementEvents": true, "DataResources": []]])
        #expect(attributes["arn"] == .s(arn))
    }

    /// A new trail already logs every management event: "all" (the default) puts no selectors,
    /// one round trip less before logging starts.
    @Test func aNewTrailLoggingAllManagementEventsPutsNoSelectors() async throws {
        let fake = FakeAWS()
        fake.on(.cloudtrail, "GetTrail", error: "TrailNotFoundException")
        fake.on(.cloudtrail, "CreateTrail", reply: ["TrailARN": .string(arn)])
        _ = try await TrailDriver(client: fake, options: testOptions()).create(id: "secret_trail", properties: desired,
                                                                               context: context)
        #expect(fake.operations == ["cloudtrail.GetTrail", "cloudtrail.CreateTrail", "cloudtrail.StartLogging"])
        #expect(TrailEventSelectors.managementEvents(["EventSelectors": []]) == TrailEventSelectors.newTrailDefault)
    }

    @Test func createNeverOverwritesAnExistingTrail() async throws {
        let fake = FakeAWS()
        fake.on(.cloudtrail, "GetTrail", reply: ["Trail": trail("secret-trail")])
        await #expect(throws: ResourceError.self) {
            _ = try await TrailDriver(client: fake, options: testOptions()).create(id: "secret_trail", properties: desired, context: context)
        }
        #expect(fake.inputs(.cloudtrail, "CreateTrail").isEmpty)
    }

    @Test func managementEventsBothWays() {
        func read(_ v: AWSValue) -> String { TrailEventSelectors.managementEvents(v) }
        #expect(read(["EventSelectors": []]) == "all")
        #expect(read(["EventSelectors": [["ReadWriteType": "ReadOnly", "IncludeManagementEvents": true]]]) == "read_only")
        #expect(read(["EventSelectors": [["ReadWriteType": "All", "IncludeManagementEvents": false]]]) == "none")
        #expect(read(["AdvancedEventSelectors": [["FieldSelectors": [
            ["Field": "eventCategory", "Equals": ["Management"]], ["Field": "readOnly", "Equals": ["false"]],
        ]]]]) == "write_only")
        for events in ["all", "read_only", "write_only", "none"] {
            #expect(read(["EventSelectors": TrailEventSelectors.selectors(for: events)]) == events)
        }
    }

    @Test func listOwnedKeepsThisStacksTrailsInThisRegion() async throws {
        let fake = FakeAWS()
        script(fake)
        let owned = try await TrailDriver(client: fake, options: testOptions()).listOwned(context: context, parents: [])
        #expect(owned.map(\.physicalID) == ["secret-trail"])
    }
}
