import SecmonCore
import SecmonPlan

/// Hand-made plans over the example stack, for the renderers' golden files.
enum SamplePlans {
    static let context = DriverContext(stackName: "secret-access-alarm", accountID: "123456789012", region: "us-east-1")
    static let topicARN = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
    static let logsARN = "arn:aws:logs:us-east-1:123456789012:log-group:/secmon/trail"

    static func tags(_ id: String) -> Value {
        .map(["secmon:stack": .string("secret-access-alarm"), "secmon:id": .string(id), "team": .string("security")])
    }

    static var secret: [String: Value] {
        ["name": .string("TopSecretInfo"), "description": .string(""), "value": .sensitive,
         "value_version": .string("1"), "tags": tags("top_secret")]
    }

    static var role: [String: Value] {
        ["name": .string("secmon-trail-to-logs"), "trusted_service": .string("cloudtrail.amazonaws.com"),
         "allow_cloudtrail_logs": .string(logsARN),
         "policy": .list([.map(["sid": .string("Deliver"), "effect": .string("Allow"),
                                "actions": .list([.string("logs:CreateLogStream"), .string("logs:PutLogEvents")]),
                                "resources": .list([.string(logsARN + ":log-stream:*")])])]),
         "tags": tags("trail_role")]
    }

    static var alarm: [String: Value] {
        ["name": .string("SecretIsAccessed"), "metric_namespace": .string("SecMon"), "metric_name": .string("SecretIsAccessed"),
         "statistic": .string("Sum"), "period": .int(300), "evaluation_periods": .int(1), "threshold": .double(1),
         "comparison_operator": .string("GreaterThanOrEqualToThreshold"), "treat_missing_data": .string("notBreaching"),
         "alarm_actions": .list([.string(topicARN)]), "ok_actions": .list([]), "actions_enabled": .bool(true),
         "tags": tags("secret_read_alarm")]
    }

    static var subscription: [String: Value] {
        ["topic": .string(topicARN), "protocol": .string("email"), "endpoint": .string("security@example.com")]
    }

    static func live(_ kind: String, _ id: String, _ properties: [String: Value], logicalID: String? = nil,
                     owner: String? = "secret-access-alarm") -> LiveResource {
        LiveResource(kind: kind, physicalID: id, properties: properties, attributes: ["name": .string(id)],
                     ownerStack: owner, logicalID: logicalID)
    }

    static func plan(_ actions: [PlannedAction], mode: PlanMode = .apply) -> Plan {
        Plan(stackName: "secret-access-alarm", mode: mode, context: context, actions: actions)
    }

    static var create: Plan {
        plan([
            PlannedAction(address: "top_secret", kind: "secret", action: .create, physicalID: "TopSecretInfo", properties: secret),
            PlannedAction(address: "trail_role", kind: "role", action: .create, physicalID: "secmon-trail-to-logs", properties: role),
            PlannedAction(address: "secret_read_alarm", kind: "alarm", action: .create, physicalID: "SecretIsAccessed",
                          properties: alarm),
            PlannedAction(address: "alert_email", kind: "subscription", action: .create, physicalID: nil,
                          properties: subscription.merging(["topic": .template([.reference(
                              AttributeReference(resource: "alerts", attribute: "arn"))])]) { _, new in new }),
        ])
    }

    static var update: Plan {
        var oldAlarm = alarm
        oldAlarm["threshold"] = .double(5)
        oldAlarm["statistic"] = .string("Average")
        var oldTags = tags("secret_read_alarm").mapValue ?? [:]
        oldTags["team"] = nil
        oldTags["owner"] = .string("bob")
        var oldRole = role
        oldRole["policy"] = .list([.map(["sid": .string("Deliver"), "effect": .string("Allow"),
                                         "actions": .list([.string("logs:CreateLogStream")]),
                                         "resources": .list([.string(logsARN + ":log-stream:*")])])])
        return plan([
            PlannedAction(address: "secret_read_alarm", kind: "alarm", action: .update, physicalID: "SecretIsAccessed",
                          properties: alarm, live: live("alarm", "SecretIsAccessed", oldAlarm), changes: [
                            PropertyChange(path: "statistic", old: .string("Average"), new: .string("Sum")),
                            PropertyChange(path: "tags", old: .map(oldTags), new: tags("secret_read_alarm")),
                            PropertyChange(path: "threshold", old: .double(5), new: .double(1)),
                          ]),
            PlannedAction(address: "trail_role", kind: "role", action: .update, physicalID: "secmon-trail-to-logs",
                          properties: role, live: live("role", "secmon-trail-to-logs", oldRole), changes: [
                            PropertyChange(path: "policy", old: oldRole["policy"], new: role["policy"]),
                          ]),
            PlannedAction(address: "top_secret", kind: "secret", action: .update, physicalID: "TopSecretInfo",
                          properties: secret.merging(["value_version": .string("2")]) { _, new in new },
                          live: live("secret", "TopSecretInfo", secret), changes: [
                            PropertyChange(path: "value_version", old: .string("1"), new: .string("2")),
                          ]),
            PlannedAction(address: "trail_logs", kind: "log_group", action: .noop, physicalID: "/secmon/trail"),
        ])
    }

    static var replace: Plan {
        let trail: [String: Value] = ["name": .string("secmon-trail-v2"), "bucket": .string("secmon-trail-logs"),
                                      "logging": .bool(true), "tags": tags("secret_trail")]
        let oldTrail = trail.merging(["name": .string("secmon-trail")]) { _, new in new }
        let filter: [String: Value] = ["name": .string("SecretReads"), "log_group": .string("/secmon/trail"),
                                       "pattern": .string("{ $.eventName = \"GetSecretValue\" }")]
        let oldFilter = filter.merging(["log_group": .string("/old/trail")]) { _, new in new }
        return plan([
            PlannedAction(address: "secret_trail", kind: "trail", action: .replace, physicalID: "secmon-trail-v2",
                          properties: trail, live: live("trail", "secmon-trail", oldTrail), changes: [
                            PropertyChange(path: "name", old: .string("secmon-trail"), new: .string("secmon-trail-v2"),
                                           forcesReplacement: true),
                          ], replacementOrder: .createThenDelete),
            PlannedAction(address: "secret_reads", kind: "metric_filter", action: .replace, physicalID: "SecretReads",
                          properties: filter, live: live("metric_filter", "SecretReads", oldFilter), changes: [
                            PropertyChange(path: "log_group", old: .string("/old/trail"), new: .string("/secmon/trail"),
                                           forcesReplacement: true),
                            PropertyChange(path: "pattern", old: .string("{ $.eventName = \"x\" }"), new: filter["pattern"]),
                          ], replacementOrder: .deleteThenCreate),
        ])
    }

    static var destroy: Plan {
        plan([
            PlannedAction(address: "secret_read_alarm", kind: "alarm", action: .delete, physicalID: "SecretIsAccessed",
                          live: live("alarm", "SecretIsAccessed", alarm)),
            PlannedAction(address: "subscription:arn:aws:sns:us-east-1:123456789012:SecurityAlarms:1f2e", kind: "subscription",
                          action: .delete, physicalID: topicARN + ":1f2e", live: live("subscription", topicARN + ":1f2e", subscription)),
            PlannedAction(address: "top_secret", kind: "secret", action: .delete, physicalID: "TopSecretInfo",
                          live: live("secret", "TopSecretInfo", secret.filter { $0.value != .sensitive })),
        ], mode: .destroy)
    }

    /// An apply-mode plan deleting a resource removed from the stack.
    static var orphan: Plan {
        plan([
            PlannedAction(address: "old_logs", kind: "log_group", action: .delete, physicalID: "/old/logs",
                          live: live("log_group", "/old/logs", ["name": .string("/old/logs"), "retention_days": .int(30)])),
            PlannedAction(address: "alerts", kind: "topic", action: .noop, physicalID: "SecurityAlarms"),
        ])
    }

    /// An apply-mode plan releasing a retained log group removed from the stack (its tags
    /// record `retain`) next to deleting one that is not retained.
    static var release: Plan {
        var retained = tags("kept_logs")
        if case .map(var map) = retained { map["secmon:retain"] = .string("true"); retained = .map(map) }
        var kept = live("log_group", "/kept/logs", ["name": .string("/kept/logs"), "retention_days": .int(365),
                                                    "tags": retained], logicalID: "kept_logs")
        kept.lifecycle = ResourceLifecycle(retain: true)
        return plan([
            PlannedAction(address: "kept_logs", kind: "log_group", action: .release, physicalID: "/kept/logs", live: kept),
            PlannedAction(address: "old_logs", kind: "log_group", action: .delete, physicalID: "/old/logs",
                          live: live("log_group", "/old/logs", ["name": .string("/old/logs"), "retention_days": .int(30)])),
            PlannedAction(address: "alerts", kind: "topic", action: .noop, physicalID: "SecurityAlarms"),
        ])
    }

    static var adopt: Plan {
        let topic: [String: Value] = ["name": .string("SecurityAlarms"), "display_name": .string("Security alarms"),
                                      "tags": tags("alerts")]
        return plan([
            PlannedAction(address: "alerts", kind: "topic", action: .adopt, physicalID: "SecurityAlarms", properties: topic,
                          live: live("topic", "SecurityAlarms", ["name": .string("SecurityAlarms"), "display_name": .null,
                                                                 "tags": .map([:])], owner: nil),
                          changes: [PropertyChange(path: "display_name", old: .null, new: .string("Security alarms")),
                                    PropertyChange(path: "tags", old: .map([:]), new: tags("alerts"))]),
            PlannedAction(address: "alert_email", kind: "subscription", action: .create, physicalID: nil, properties: subscription),
        ])
    }

    static var noChange: Plan {
        plan([PlannedAction(address: "alerts", kind: "topic", action: .noop, physicalID: "SecurityAlarms")])
    }
}
