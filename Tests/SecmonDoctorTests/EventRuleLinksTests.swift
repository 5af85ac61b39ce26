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
}
