@testable import SecmonAlerts
import SecmonCore
import Testing

private func ref(_ id: String, _ attribute: String) -> Value {
    .template([.reference(AttributeReference(resource: id, attribute: attribute))])
}

/// The example stack's alerting resources (KINDS.md), as validate hands them to the linter.
private func exampleStack() -> [String: LintResource] {
    let resources = [
        LintResource(id: "top_secret", kind: "secret", properties: ["name": .string("TopSecretInfo")]),
        LintResource(id: "trail_logs", kind: "log_group", properties: ["name": .string("secmon-trail")]),
        LintResource(id: "secret_trail", kind: "trail", properties: [
            "name": .string("secmon-trail"), "bucket": ref("trail_bucket", "name"),
            "log_group": ref("trail_logs", "arn"), "role": ref("trail_role", "arn"),
        ]),
        LintResource(id: "secret_reads", kind: "metric_filter", properties: [
            "name": .string("secret-reads"), "log_group": ref("trail_logs", "name"),
            "pattern": ref("top_secret", "read_pattern"),
            "metric_namespace": .string("SecMon"), "metric_name": .string("SecretIsAccessed"),
            "metric_value": .string("1"), "default_value": .int(0),
        ]),
        LintResource(id: "secret_read_alarm", kind: "alarm", properties: [
            "name": .string("secret-read"), "metric_filter": ref("secret_reads", "name"),
            "metric_namespace": .string("SecMon"), "metric_name": .string("SecretIsAccessed"),
            "statistic": .string("Sum"), "period": .int(300), "threshold": .int(1),
            "comparison_operator": .string("GreaterThanOrEqualToThreshold"), "treat_missing_data": .string("notBreaching"),
            "alarm_actions": .list([ref("alerts", "arn")]),
        ]),
        LintResource(id: "alerts", kind: "topic", properties: ["name": .string("SecurityAlarms")]),
    ]
    return Dictionary(uniqueKeysWithValues: resources.map { ($0.id, $0) })
}

private func lint(_ change: (inout [String: LintResource]) -> Void) -> [LintFinding] {
    var stack = exampleStack()
    change(&stack)
    return StackLinter.lint(Array(stack.values))
}

@Test func theExampleStackIsClean() {
    #expect(lint { _ in } == [])
}

@Test func averageOfTheCountFiresOnlyWhenEveryEventMatches() throws {
    let findings = lint { $0["secret_read_alarm"]!.properties["statistic"] = .string("Average") }
    let finding = try #require(findings.first)
    #expect(findings.count == 1)
    #expect(finding.id == .alarmStatisticUnreachable)
    #expect(finding.resource == "secret_read_alarm")
    #expect(finding.message.contains("alarm 'secret_read_alarm' (Average >= 1) on metric filter 'secret_reads'"))
    #expect(finding.diagnostic(strict: true).severity == .error)
    #expect(finding.diagnostic().id == "SM101")
}

@Test func aThresholdAboveEveryValueCanNeverFire() {
    let findings = lint {
        $0["secret_read_alarm"]!.properties["statistic"] = .string("Maximum")
        $0["secret_read_alarm"]!.properties["threshold"] = .int(2)
    }
    #expect(findings.map(\.id) == [.alarmStatisticUnreachable])
    #expect(findings.first?.message.contains("can never fire") == true)
}

@Test func sampleCountWithADefaultCountsEveryEvent() {
    #expect(lint { $0["secret_read_alarm"]!.properties["statistic"] = .string("SampleCount") }.map(\.id) == [.alarmCountsEveryEvent])
}

@Test func aSumOfZerosCanNeverFire() {
    #expect(lint { $0["secret_reads"]!.properties["metric_value"] = .string("0") }.map(\.id) == [.alarmStatisticUnreachable])
}

@Test func anAlarmOnAMetricNoFilterPublishes() {
    let findings = lint {
        $0["secret_read_alarm"]!.properties["metric_filter"] = nil
        $0["secret_read_alarm"]!.properties["metric_name"] = .string("SecretIsAccesed")
    }
    #expect(findings.map(\.id) == [.alarmWatchesNoFilter])
    #expect(findings.first?.message.contains("SecMon/SecretIsAccesed") == true)
}

@Test func anAlarmWithoutActionsOrWithThemDisabled() {
    #expect(lint { $0["secret_read_alarm"]!.properties["alarm_actions"] = nil }.map(\.id) == [.alarmWithoutAction])
    #expect(lint { $0["secret_read_alarm"]!.properties["actions_enabled"] = .bool(false) }.map(\.id) == [.alarmWithoutAction])
}

@Test("a sparse metric needs a deliberate treat_missing_data", arguments: [nil, "missing", "breaching"] as [String?])
func sparseMetric(_ treatment: String?) {
    let findings = lint {
        $0["secret_reads"]!.properties["default_value"] = nil
        $0["secret_read_alarm"]!.properties["treat_missing_data"] = treatment.map(Value.string)
    }
    #expect(findings.map(\.id) == [.sparseMetricMissingData])
}

@Test func aSparseMetricWithNotBreachingIsFine() {
    #expect(lint { $0["secret_reads"]!.properties["default_value"] = nil } == [])
}

@Test("a trail logging no read events misses GetSecretValue", arguments: ["write_only", "none"])
func trailWithoutReads(_ selector: String) {
    let findings = lint { $0["secret_trail"]!.properties["management_events"] = .string(selector) }
    #expect(findings.map(\.id) == [.trailMissesReadEvents])
    #expect(findings.first?.message.contains("GetSecretValue") == true)
}

@Test func aTrailThatDoesNotLogOrCoversOneRegion() {
    #expect(lint { $0["secret_trail"]!.properties["logging"] = .bool(false) }.map(\.id) == [.trailNotLogging])
    #expect(lint { $0["secret_trail"]!.properties["multi_region"] = .bool(false) }.map(\.id) == [.trailSingleRegion])
}

@Test func aFilterOnALogGroupNoTrailFeeds() {
    #expect(lint { $0["secret_trail"]!.properties["log_group"] = nil }.map(\.id) == [.filterLogGroupWithoutTrail])
}

@Test("a secret matched in one form only", arguments: [
    #"{ $.eventName = "GetSecretValue" && $.requestParameters.secretId = "TopSecretInfo" }"#,
    #"{ $.eventName = "GetSecretValue" && $.requestParameters.secretId = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo-AbCdEf" }"#,
])
func singleSecretIdForm(_ pattern: String) throws {
    let findings = lint { $0["secret_reads"]!.properties["pattern"] = .string(pattern) }
    #expect(findings.map(\.id) == [.patternSingleSecretIdForm])
    #expect(findings.first?.fix.contains("${top_secret.read_pattern}") == true)
}

@Test("event names the service does not have", arguments: [
    ("GetSecretValues", "'GetSecretValue'"), ("getSecretValue", "'GetSecretValue'"), ("FetchSecret", "API reference"),
])
func unknownEventName(_ name: String, _ hint: String) throws {
    let findings = lint {
        $0["secret_reads"]!.properties["pattern"] = .string(#"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "\#(name)") }"#)
    }
    let finding = try #require(findings.first { $0.id == .unknownEventName })
    #expect(finding.message.contains("'\(name)'"))
    #expect(finding.fix.contains(hint))
}

@Test func knownNonAPIEventsAndOtherServicesAreAccepted() {
    #expect(lint { $0["secret_reads"]!.properties["pattern"] = .string(#"{ $.eventName = "ConsoleLogin" }"#) } == [])
    #expect(lint { $0["secret_reads"]!.properties["pattern"] = .string(#"{ $.eventSource = "kms.amazonaws.com" && $.eventName = "ScheduleKeyDeletion" }"#) } == [])
}

@Test func topicsAlarmsCannotPublishTo() {
    #expect(lint { $0["alerts"]!.properties["kms_key"] = .string("alias/aws/sns") }.map(\.id) == [.topicAWSManagedKey])
    #expect(lint { $0["alerts"]!.properties["allow_publish_from"] = .list([.string("events")]) }.map(\.id) == [.topicBlocksAlarmPublish])
    #expect(lint { $0["alerts"]!.properties["allow_publish_from"] = .list([.string("cloudwatch")]) } == [])
}

@Test func everyLintHasADocumentedSection() throws {
    let docs = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/SecmonAlertsTests/Lints/StackLinterTests.swift", with: "docs/lints.md"), encoding: .utf8)
    for id in LintID.allCases {
        #expect(docs.contains("## \(id.rawValue) \(id.name)"), "docs/lints.md lacks a section for \(id.rawValue)")
    }
}

@Test func eventNameSuggestions() {
    let catalog = EventNameCatalog.shared
    #expect(catalog.check(eventName: "GetSecretValue", source: "secretsmanager.amazonaws.com").known)
    #expect(!catalog.check(eventName: "GetSecretValue", source: "kms.amazonaws.com").known)
    #expect(catalog.check(eventName: "DescribeSecrets", source: "secretsmanager.amazonaws.com").suggestions == ["DescribeSecret"])
}

@Test("a wildcard on a secret id that also matches other secrets", arguments: [
    (#"{ $.eventName = "GetSecretValue" && $.requestParameters.secretId = "*TopSecretInfo*" }"#, "TopSecretInfoBackup"),
    (#"{ $.eventName = "GetSecretValue" && ($.requestParameters.secretId = "TopSecretInfo" || $.requestParameters.secretId = "*:secret:TopSecretInfo*") }"#, ":secret:TopSecretInfoBackup-AbCdEf"),
    (#"{ $.eventName = "GetSecretValue" && $.requestParameters.secretId = "*TopSecretInfo" }"#, "staging/TopSecretInfo"),
    (#"{ $.eventName = "BatchGetSecretValue" && $.requestParameters.secretIdList[*] = "TopSecretInfo*" }"#, "TopSecretInfoBackup"),
    (#"{ $.eventName = "GetSecretValue" && $.requestParameters.secretId = %TopSecretInfo% }"#, "TopSecretInfoBackup"),
])
func secretIdWildcards(_ pattern: String, _ example: String) throws {
    let findings = lint { $0["secret_reads"]!.properties["pattern"] = .string(pattern) }.filter { $0.id == .patternSecretIdWildcard }
    let finding = try #require(findings.first)
    #expect(finding.message.contains(example), "\(finding.message)")
    #expect(finding.fix.contains("${top_secret.read_pattern}"))
}

@Test("exact secret ids and the generated pattern are not flagged", arguments: [
    #"{ $.eventName = "GetSecretValue" && ($.requestParameters.secretId = "TopSecretInfo" || $.requestParameters.secretId = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo" || $.requestParameters.secretId = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo-AbCdEf") }"#,
    #"{ $.eventName = "GetSecretValue" && $.userIdentity.arn = "*alice*" }"#,
])
func exactSecretIdsAreFine(_ pattern: String) {
    #expect(lint { $0["secret_reads"]!.properties["pattern"] = .string(pattern) }.filter { $0.id == .patternSecretIdWildcard } == [])
}

/// The example stack's real-time path: a rule on the secret's reads, its target the topic.
private func withRealTimePath(_ stack: inout [String: LintResource]) {
    stack["read_rule"] = LintResource(id: "read_rule", kind: "event_rule", properties: [
        "name": .string("secret-read-now"), "event_pattern": ref("top_secret", "read_event_pattern"),
    ])
    stack["read_message"] = LintResource(id: "read_message", kind: "event_target", properties: [
        "rule": ref("read_rule", "name"), "target_id": .string("alerts"), "arn": ref("alerts", "arn"),
    ])
    stack["alerts"]!.properties["allow_publish_from"] = .list([.string("cloudwatch"), .string("events")])
}

@Test func aRuleOnCloudTrailReadsMustTakeReadOnlyManagementEvents() {
    #expect(lint(withRealTimePath) == [])
    let plain = lint { withRealTimePath(&$0); $0["read_rule"]!.properties["state"] = .string("ENABLED") }
    #expect(plain.map(\.id) == [.ruleMissesReadOnlyEvents])
    #expect(plain.first?.fix.contains("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") == true)
    #expect(lint { withRealTimePath(&$0); $0["read_rule"]!.properties["state"] = .string("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") } == [])
    // A rule on other events (no CloudTrail API calls) may be plainly ENABLED.
    #expect(lint {
        withRealTimePath(&$0)
        $0["read_rule"]!.properties["state"] = .string("ENABLED")
        $0["read_rule"]!.properties["event_pattern"] = .string(#"{"source": ["aws.health"]}"#)
    } == [])
}

@Test func aRuleWithoutTargetAndATopicClosedToEventBridgeAreFound() {
    #expect(lint { withRealTimePath(&$0); $0["read_message"] = nil }.map(\.id) == [.ruleWithoutTarget])
    let closed = lint { withRealTimePath(&$0); $0["alerts"]!.properties["allow_publish_from"] = nil }
    #expect(closed.map(\.id) == [.topicBlocksRulePublish])
    #expect(closed.first?.message.contains("'read_message'") == true)
    let managed = lint { withRealTimePath(&$0); $0["alerts"]!.properties["kms_key"] = .string("alias/aws/sns") }
    #expect(managed.map(\.id) == [.topicAWSManagedKey])
    #expect(managed.first?.message.contains("event target 'read_message'") == true)
    #expect(managed.first?.fix.contains("events.amazonaws.com") == true)
}

/// The catalog splits a source's names only when asked about that source; the answers are the
/// table's, with the hand-listed events that are no API call.
@Test func eventNameCatalogAnswersFromItsTableLineByLine() {
    let catalog = EventNameCatalog(table: """
        kms.amazonaws.com Decrypt Encrypt
        secretsmanager.amazonaws.com GetSecretValue DescribeSecret
        empty.amazonaws.com
        """)
    #expect(catalog.names(of: "kms.amazonaws.com") == ["Decrypt", "Encrypt"])
    #expect(catalog.names(of: "empty.amazonaws.com") == [])
    #expect(catalog.names(of: "nowhere.amazonaws.com") == nil)
    #expect(catalog.names(of: "secretsmanager.amazonaws.com")?.contains("RotationSucceeded") == true)
    #expect(catalog.names(of: "signin.amazonaws.com")?.contains("ConsoleLogin") == true)
    #expect(catalog.check(eventName: "Decrypt", source: "kms.amazonaws.com").known)
    #expect(catalog.check(eventName: "Decrypt", source: nil).known)
    #expect(catalog.check(eventName: "ConsoleLogin", source: nil).known)
    #expect(!catalog.check(eventName: "Decrypt", source: "secretsmanager.amazonaws.com").known)
    #expect(catalog.check(eventName: "Encrpyt", source: "unknown.amazonaws.com").suggestions == ["Encrypt"])
    #expect(EventNameCatalog.shared.names(of: "secretsmanager.amazonaws.com")?.contains("BatchGetSecretValue") == true)
}
