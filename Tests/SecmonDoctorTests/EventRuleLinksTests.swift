import AWSClient
import Foundation
import SecmonCore
@testable import SecmonDoctor
import Testing
import TestSupport

/// The real-time path's links on the healthy fixture, one break at a time.
@Suite struct EventRuleLinksTests {
    static let ruleArn = "arn:aws:events:us-east-1:123456789012:rule/secret-read-now"
    static let identity = SecretIdentity(name: "TopSecretInfo", region: "us-east-1", account: "123456789012", arnSuffix: "AbCdEf")
    static let eventsStatement = #",{"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:SecurityAlarms","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}"#

    struct Rule {
        var state = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        var pattern = SecretReadPattern.eventPattern(for: EventRuleLinksTests.identity)
        var targets = [PipelineFixture.topicArn]
        var exists = true
        var eventsMayPublish = true
        /// Scripted replies for the rule's queue and function targets, by target ARN.
        var configure: (FakeAWS) -> Void = { _ in }
    }

    func checklist(_ rule: Rule = Rule()) async -> Checklist {
        var fixture = PipelineFixture()
        if rule.eventsMayPublish { fixture.topicPolicy = String(fixture.topicPolicy.dropLast(2)) + Self.eventsStatement }
        let aws = FakeAWS()
        fixture.install(on: aws)
        if rule.exists {
            aws.on(.events, "DescribeRule", reply: ["Name": "secret-read-now", "Arn": .string(Self.ruleArn),
                                                    "State": .string(rule.state), "EventPattern": .string(rule.pattern)])
        } else {
            aws.on(.events, "DescribeRule", error: "ResourceNotFoundException", status: 400)
        }
        aws.on(.events, "ListTargetsByRule", reply: ["Targets": .list(rule.targets.map { ["Id": "t", "Arn": .string($0)] })])
        rule.configure(aws)
        var target = PipelineFixture.target
        target.eventRuleName = "secret-read-now"
        return await Doctor(client: aws, matcher: MatchesSecretReads(), now: { PipelineFixture.now }).check(target)
    }

    @Test func aHealthyRuleHasEveryLinkOK() async {
        let list = await checklist()
        for id in ["rule.exists", "rule.state", "rule.matches", "rule.target", "topic.events_policy"] {
            #expect(list.status(id) == .ok, "\(id): \(list.check(id)?.evidence ?? "absent")")
        }
    }

    @Test func withoutARuleTheLinksAreNotListed() async {
        let (list, _) = await PipelineFixture().checklist()
        #expect(list.check("rule.exists") == nil)
    }

    @Test func eachBreakFailsItsLink() async {
        var plain = Rule()
        plain.state = "ENABLED"
        #expect(await checklist(plain).status("rule.state") == .fail)
        var other = Rule()
        other.pattern = SecretReadPattern.eventPattern(for: SecretIdentity(name: "OtherSecret", region: "us-east-1", account: "123456789012"))
        #expect(await checklist(other).status("rule.matches") == .fail)
        var elsewhere = Rule()
        elsewhere.targets = ["arn:aws:sqs:us-east-1:123456789012:q"]
        #expect(await checklist(elsewhere).status("rule.target") == .fail)
        var closed = Rule()
        closed.eventsMayPublish = false
        #expect(await checklist(closed).status("topic.events_policy") == .fail)
        var gone = Rule()
        gone.exists = false
        let list = await checklist(gone)
        #expect(list.status("rule.exists") == .fail)
        #expect(list.status("rule.state") == .notChecked)
    }

    // Queue and function targets. moto answers neither question the way AWS does (it keeps no
    // Lambda resource policy added for EventBridge in the shape AddPermission writes, and a
    // rule with an SQS target is not needed elsewhere), so these are hand-written replies in
    // the shapes of the SQS and Lambda API references: GetQueueUrl -> QueueUrl,
    // GetQueueAttributes -> Attributes.Policy (the policy as JSON text), GetPolicy -> Policy
    // (the function's resource policy as JSON text, as AddPermission builds it).
    static let queueArn = "arn:aws:sqs:us-east-1:123456789012:secret-reads"
    static let functionArn = "arn:aws:lambda:us-east-1:123456789012:function:page-oncall"

    static func queuePolicy(sourceArn: String = ruleArn) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"\#(queueArn)","Condition":{"ArnEquals":{"aws:SourceArn":"\#(sourceArn)"}}}]}"#
    }

    static func functionPolicy(sourceArn: String = ruleArn) -> String {
        #"{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"secmon-events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"\#(functionArn)","Condition":{"ArnLike":{"AWS:SourceArn":"\#(sourceArn)"}}}]}"#
    }

    func withTargets(queuePolicy: String?, functionPolicy: String?) -> Rule {
        var rule = Rule()
        rule.targets = [PipelineFixture.topicArn, Self.queueArn, Self.functionArn]
        rule.configure = { aws in
            aws.on(.sqs, "GetQueueUrl", reply: ["QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/secret-reads"])
            aws.on(.sqs, "GetQueueAttributes", reply: ["Attributes": queuePolicy.map { ["Policy": .string($0)] } ?? [:]])
            if let functionPolicy {
                aws.on(.lambda, "GetPolicy", reply: ["Policy": .string(functionPolicy), "RevisionId": "r1"])
            } else {
                aws.on(.lambda, "GetPolicy", error: "ResourceNotFoundException", status: 404)
            }
        }
        return rule
    }

    @Test func queueAndFunctionTargetsThatLetEventBridgeDeliverAreOK() async {
        let list = await checklist(withTargets(queuePolicy: Self.queuePolicy(), functionPolicy: Self.functionPolicy()))
        let check = list.check("rule.target_access")
        #expect(check?.status == .ok, "\(check?.evidence ?? "absent")")
        #expect(check?.evidence.contains("queue secret-reads: statement events lets events.amazonaws.com send messages") == true)
        #expect(check?.evidence.contains("function page-oncall: statement secmon-events lets events.amazonaws.com invoke it") == true)
        #expect(list.status("rule.target") == .ok)
    }

    @Test func aTargetThatDoesNotLetEventBridgeInFails() async {
        // The queue lets another rule send, the function has no resource policy at all.
        let other = "arn:aws:events:us-east-1:123456789012:rule/another-rule"
        let list = await checklist(withTargets(queuePolicy: Self.queuePolicy(sourceArn: other), functionPolicy: nil))
        let check = list.check("rule.target_access")
        #expect(check?.status == .fail)
        #expect(check?.evidence.contains("queue secret-reads: no statement of its policy lets events.amazonaws.com send messages") == true, "\(check?.evidence ?? "")")
        #expect(check?.evidence.contains("function page-oncall: resource policy of function page-oncall not found") == true, "\(check?.evidence ?? "")")
        #expect(check?.fix?.contains("aws lambda add-permission") == true)
        // A queue without any policy fails too; the function's alone is fine.
        let bare = await checklist(withTargets(queuePolicy: nil, functionPolicy: Self.functionPolicy()))
        #expect(bare.check("rule.target_access")?.evidence.hasPrefix("queue secret-reads: queue secret-reads has no access policy") == true,
                "\(bare.check("rule.target_access")?.evidence ?? "")")
    }

    @Test func aRuleDeliveringOnlyToTheTopicListsNoTargetAccess() async {
        #expect(await checklist().check("rule.target_access") == nil)
    }
}
