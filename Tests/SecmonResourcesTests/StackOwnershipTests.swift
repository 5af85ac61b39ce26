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
        #expect(try await ownership.owned(by: "demo", service: "sns", resourcePrefix: "")?.keys.sorted()
            == ["arn:aws:sns:us-east-1:123456789012:alerts"])
        #expect(try await ownership.owned(by: "demo", service: "logs", resourcePrefix: "log-group:")?.count == 1)

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
