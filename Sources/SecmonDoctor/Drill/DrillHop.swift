/// Where the drill sets the pipeline off.
public enum DrillTriggerKind: String, Sendable, Codable, CaseIterable {
    /// A GetSecretValue of the secret that cannot return its value (see `SecretReadTrigger`).
    case secret
    /// A synthetic CloudTrail record written into the log group.
    case log
    /// The alarm's state set to ALARM directly: tests only alarm -> topic -> subscriber.
    case alarm

    /// The alarm path's hops this trigger goes through, in order (the real-time path's one hop,
    /// `realTimeMessage`, is timed beside them: see `RealTimePath`).
    public var hops: [DrillHop] {
        switch self {
        case .secret, .log: return [.triggerSent, .logEvent, .metricDatapoint, .alarmTransition, .notification]
        case .alarm: return [.triggerSent, .alarmTransition, .notification]
        }
    }
}

/// One hop of the chain the drill times.
public enum DrillHop: String, Sendable, Codable, CaseIterable {
    case triggerSent = "trigger sent"
    case logEvent = "event in log group"
    case metricDatapoint = "metric datapoint"
    case alarmTransition = "alarm in ALARM"
    case notification = "notification delivered"
    /// The real-time path: the rule's message (CloudTrail's event -> EventBridge -> the topic)
    /// on the drill's queue.
    case realTimeMessage = "real-time message delivered"

    /// Doctor's links that explain why the chain could stop before this hop (by id prefix).
    public var doctorLinks: [String] {
        switch self {
        case .triggerSent: return ["aws.", "secret."]
        case .logEvent: return ["trail.", "role.", "log_group."]
        case .metricDatapoint: return ["filter."]
        case .alarmTransition: return ["alarm.metric", "alarm.can_fire", "alarm.state"]
        case .notification: return ["alarm.actions", "alarm.history", "topic."]
        case .realTimeMessage: return ["trail.", "rule.", "topic.events_policy", "topic.encryption"]
        }
    }
}
