import AWSClient
import Foundation
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import Testing
import TestSupport

@Suite struct RoleDriverTests {
    let logGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail"
    var desired: [String: Value] {
        ["name": .s("secmon-trail"), "trusted_service": .s("cloudtrail.amazonaws.com"), "allow_cloudtrail_logs": .s(logGroup)]
    }

    @Test func createSendsTrustPolicyTagsAndTheInlinePolicy() async throws {
        let fake = FakeAWS()
        fake.on(.iam, "CreateRole", reply: ["Role": ["Arn": "arn:aws:iam::123456789012:role/secmon-trail"]])
        let attributes = try await RoleDriver(client: fake).create(id: "trail_role", properties: desired, context: context)
        #expect(fake.operations == ["iam.CreateRole", "iam.PutRolePolicy"])
        let create = fake.inputs(.iam, "CreateRole")[0]
        #expect(tagsFromList(create["Tags"]) == ownedTags("trail_role"))
        let trust = try #require(json(create["AssumeRolePolicyDocument"].string))
        #expect(trust["Statement"]?["Principal"]?["Service"] == .s("cloudtrail.amazonaws.com"))
        #expect(trust["Statement"]?["Action"] == .s("sts:AssumeRole"))
        let put = fake.inputs(.iam, "PutRolePolicy")[0]
        #expect(put["PolicyName"] == "secmon")
        let inline = try #require(json(put["PolicyDocument"].string))
        #expect(inline["Statement"]?["Resource"] == .s(logGroup + ":log-stream:*"))
        #expect(inline["Statement"]?["Action"] == .list([.s("logs:CreateLogStream"), .s("logs:PutLogEvents")]))
        #expect(attributes["arn"] == .s("arn:aws:iam::123456789012:role/secmon-trail"))
    }

    @Test func userStatementsJoinTheInlinePolicy() throws {
        var properties = desired
        properties["allow_cloudtrail_logs"] = nil
        properties["policy"] = .list([.map(["actions": .list([.s("kms:Decrypt")]), "resources": .list([.s("*")])])])
        let n = RoleDriver(client: FakeAWS()).normalize(properties, id: "r", context: context)
        let statement = try #require(n["inline_policy"]?["Statement"])
        #expect(statement == .map(["Effect": .s("Allow"), "Action": .s("kms:Decrypt"), "Resource": .s("*")]))
    }

    @Test func noStatementsMeansNoInlinePolicy() {
        let n = RoleDriver(client: FakeAWS()).normalize(["name": .s("r"), "trusted_service": .s("x.amazonaws.com")], id: "r",
                                                        context: context)
        #expect(n["inline_policy"] == .null)
    }

    @Test func percentEncodedReorderedDocumentsAreNoChange() async throws {
        let fake = FakeAWS()
        let trust = #"{"Version": "2012-10-17", "Statement": [{"Action": "sts:AssumeRole", "Principal": {"Service": ["cloudtrail.amazonaws.com"]}, "Effect": "Allow"}]}"#
        let inline = """
        {"Statement":[{"Resource":["\(logGroup):log-stream:*"],"Effect":"Allow","Sid":"CloudTrailLogDelivery",
        "Action":["logs:PutLogEvents","logs:CreateLogStream"]}],"Version":"2012-10-17"}
        """
        let encode = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        fake.on(.iam, "GetRole", reply: ["Role": [
            "RoleName": "secmon-trail", "Arn": "arn:aws:iam::123456789012:role/secmon-trail",
            "AssumeRolePolicyDocument": .string(encode(trust)), "Tags": tagList(ownedTags("trail_role")),
        ]])
        fake.on(.iam, "GetRolePolicy", reply: ["PolicyDocument": .string(encode(inline))])
        let driver = RoleDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["secmon-trail"], hints: [:], context: context)["secmon-trail"])
        #expect(live.ownerStack == "demo" && live.logicalID == "trail_role")
        #expect(driver.diff(desired: driver.normalize(desired, id: "trail_role", context: context), live: live).isEmpty)
    }

    @Test func aMissingInlinePolicyShowsAsAChangeAndIsPut() async throws {
        let fake = FakeAWS()
        fake.on(.iam, "GetRole", reply: ["Role": [
            "RoleName": "secmon-trail",
            "AssumeRolePolicyDocument": .string(PolicyDocument.encode(RolePolicies.trust(service: "cloudtrail.amazonaws.com"))),
            "Tags": tagList(ownedTags("trail_role")),
        ]])
        fake.on(.iam, "GetRolePolicy", error: "NoSuchEntity")
        let driver = RoleDriver(client: fake, options: testOptions())
        let live = try #require(try await driver.read(["secmon-trail"], hints: [:], context: context)["secmon-trail"])
        let changes = driver.diff(desired: driver.normalize(desired, id: "trail_role", context: context), live: live)
        #expect(changes.map(\.path) == ["inline_policy"])
        _ = try await driver.update(id: "trail_role", live: live, properties: desired, changes: changes, context: context)
        #expect(fake.inputs(.iam, "PutRolePolicy").count == 1)
        #expect(fake.inputs(.iam, "UpdateAssumeRolePolicy").isEmpty)
    }

    @Test func deleteRemovesEveryPolicyFirst() async throws {
        let fake = FakeAWS()
        fake.on(.iam, "ListRolePolicies", reply: ["PolicyNames": ["secmon", "added-by-hand"]])
        fake.on(.iam, "ListAttachedRolePolicies", reply: ["AttachedPolicies": [["PolicyArn": "arn:aws:iam::123456789012:policy/p"]]])
        let live = LiveResource(kind: "role", physicalID: "secmon-trail", properties: [:], attributes: [:], ownerStack: "demo")
        _ = try await RoleDriver(client: fake).delete(live, context: context)
        #expect(Set(fake.operations.prefix(2)) == ["iam.ListRolePolicies", "iam.ListAttachedRolePolicies"])
        #expect(fake.operations.dropFirst(2).dropLast().sorted() == ["iam.DeleteRolePolicy", "iam.DeleteRolePolicy", "iam.DetachRolePolicy"])
        #expect(fake.inputs(.iam, "DeleteRolePolicy").map { $0["PolicyName"] }.sorted { "\($0)" < "\($1)" }
            == ["added-by-hand", "secmon"])
        #expect(fake.operations.last == "iam.DeleteRole")
    }

    /// A role whose inline policy the plan read: that policy is deleted while the role's
    /// policies are listed (each of the three held until all were sent: one round trip), and
    /// with nothing else on it the role goes next: two round trips, not four.
    @Test func deletingARoleTakesTwoRoundTrips() async throws {
        let fake = FakeAWS()
        fake.on(.iam, "ListRolePolicies", reply: ["PolicyNames": ["secmon"]])
        let together: Set = ["iam.ListRolePolicies", "iam.ListAttachedRolePolicies", "iam.DeleteRolePolicy"]
        for operation in together { fake.hold(.iam, String(operation.dropFirst(4)), untilCalled: together) }
        let live = LiveResource(kind: "role", physicalID: "secmon-trail", properties: ["inline_policy": .map(["Version": .s("2012-10-17")])],
                                attributes: [:], ownerStack: "demo")
        _ = try await RoleDriver(client: fake).delete(live, context: context)
        #expect(Set(fake.operations.prefix(3)) == together)
        #expect(fake.operations.dropFirst(3) == ["iam.DeleteRole"])
    }

    @Test func deletingAGoneRoleSucceeds() async throws {
        let fake = FakeAWS()
        fake.on(.iam, "ListRolePolicies", error: "NoSuchEntity")
        let live = LiveResource(kind: "role", physicalID: "gone", properties: [:], attributes: [:], ownerStack: "demo")
        _ = try await RoleDriver(client: fake).delete(live, context: context)
        #expect(Set(fake.operations) == ["iam.ListRolePolicies", "iam.ListAttachedRolePolicies"])
    }
}
