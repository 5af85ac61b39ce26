import AWSClient
@testable import SecmonResources
import TestSupport
import Testing

/// Ownership from one paginated GetResources per plan, filtered again on the client.
struct StackOwnershipTests {
    private static func mapping(_ arn: String, _ tags: [String: String]) -> AWSValue {
        ["ResourceARN": .string(arn), "Tags": tagList(tags)]
    }

    @Test func pagesAreFollowedAndOtherStacksFilteredOut() async throws {
        let aws = FakeAWS()
        aws.once(.resourcegroupstaggingapi, "GetResources", reply: [
            "ResourceTagMappingList": [
                Self.mapping("arn:aws:cloudwatch:us-east-1:123456789012:alarm:a", ownedTags("a")),
                // An endpoint that ignores the filter answers with other stacks' resources too.
                Self.mapping("arn:aws:cloudwatch:us-east-1:123456789012:alarm:theirs", ["secmon:stack": "other"]),
            ],
            "PaginationToken": "page-2",
        ])
        aws.once(.resourcegroupstaggingapi, "GetResources", reply: [
            "ResourceTagMappingList": [
                Self.mapping("arn:aws:logs:us-east-1:123456789012:log-group:/g:*", ownedTags("g")),
                Self.mapping("arn:aws:sns:us-east-1:123456789012:alerts", ownedTags("t")),
            ],
            "PaginationToken": "",
        ])
        let ownership = StackOwnership(client: aws)
        ownership.prefetch(stackName: "demo")
        let owned = try #require(try await ownership.owned(by: "demo"))
        #expect(Set(owned.keys) == ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:a",
                                    "arn:aws:logs:us-east-1:123456789012:log-group:/g",
                                    "arn:aws:sns:us-east-1:123456789012:alerts"])
        #expect(try await ownership.owned(by: "demo", in: TaggingAPIScope(service: "sns", resourcePrefix: ""))?.keys.sorted()
            == ["arn:aws:sns:us-east-1:123456789012:alerts"])
        #expect(try await ownership.owned(by: "demo", in: TaggingAPIScope(service: "logs", resourcePrefix: "log-group:"))?
            .count == 1)

        // Asked for again (by every driver of the plan): no further call.
        _ = try await ownership.owned(by: "demo")
        let inputs = aws.inputs(.resourcegroupstaggingapi, "GetResources")
        #expect(inputs.count == 2)
        #expect(inputs.first?["TagFilters"] == [["Key": "secmon:stack", "Values": ["demo"]]])
        #expect(inputs.first?["ResourcesPerPage"] == 100)
        #expect(inputs.last?["PaginationToken"] == "page-2")
    }

    /// Without `tag:GetResources` in the caller's policy, ownership is read per resource.
    @Test func accessDeniedMeansNoIndexNotAFailedPlan() async throws {
        let aws = FakeAWS()
        aws.on(.resourcegroupstaggingapi, "GetResources", error: "AccessDeniedException")
        #expect(try await StackOwnership(client: aws).owned(by: "demo") == nil)
        aws.on(.resourcegroupstaggingapi, "GetResources", error: "ThrottlingException")
        await #expect(throws: AWSError.self) { try await StackOwnership(client: aws).owned(by: "demo") }
    }
}

/// Drivers with the ownership index: no tag read for what the stack owns, one for what it does
/// not (so a conflict names the owner), and the orphan search reads only the stack's own.
struct OwnershipIndexDriverTests {
    private func alarm(_ name: String) -> AWSValue {
        ["AlarmName": .string(name), "AlarmArn": .string("arn:aws:cloudwatch:us-east-1:123456789012:alarm:\(name)"),
         "Namespace": "N", "MetricName": "M", "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1,
         "Threshold": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold"]
    }

    private func fake() -> FakeAWS {
        let aws = FakeAWS()
        aws.on(.resourcegroupstaggingapi, "GetResources", reply: ["ResourceTagMappingList": [
            ["ResourceARN": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:mine", "Tags": tagList(ownedTags("mine"))],
            ["ResourceARN": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orphan", "Tags": tagList(ownedTags("orphan"))],
        ]])
        aws.on(.cloudwatch, "DescribeAlarms") { input in
            ["MetricAlarms": .list(input["AlarmNames"].list.compactMap(\.string).map { self.alarm($0) })]
        }
        aws.on(.cloudwatch, "ListTagsForResource", reply: ["Tags": tagList(["secmon:stack": "other", "secmon:id": "x"])])
        return aws
    }

    private func driver(_ aws: FakeAWS) -> AlarmDriver {
        var options = testOptions()
        options.ownership = StackOwnership(client: aws)
        return AlarmDriver(client: aws, options: options)
    }

    @Test func readTakesOwnedTagsFromTheIndexAndAsksOnlyForTheOthers() async throws {
        let aws = fake()
        let found = try await driver(aws).read(["mine", "theirs"], hints: [:], context: context)
        #expect(found["mine"]?.ownerStack == "demo")
        #expect(found["mine"]?.logicalID == "mine")
        #expect(found["theirs"]?.ownerStack == "other")  // the conflict error names this owner
        #expect(aws.inputs(.cloudwatch, "ListTagsForResource") == [["ResourceARN": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:theirs"]])
    }

    @Test func orphanSearchReadsOnlyWhatTheIndexListsAndThePlanHasNotRead() async throws {
        let aws = fake()
        let driver = driver(aws)
        let known = try await driver.read(["mine"], hints: [:], context: context)
        let owned = try await driver.listOwned(context: context, parents: [], known: known)
        #expect(owned.map(\.physicalID).sorted() == ["mine", "orphan"])
        // Never the whole account's alarms: only the orphan, by name.
        #expect(aws.inputs(.cloudwatch, "DescribeAlarms").map { $0["AlarmNames"] } == [["mine"], ["orphan"]])
        #expect(aws.inputs(.cloudwatch, "ListTagsForResource").isEmpty)
        #expect(aws.inputs(.resourcegroupstaggingapi, "GetResources").count == 1)
    }
}
