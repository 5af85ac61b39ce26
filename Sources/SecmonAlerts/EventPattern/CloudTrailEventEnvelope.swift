/// How EventBridge delivers a CloudTrail record ("AWS service events delivered via AWS
/// CloudTrail", EventBridge user guide): the record is the event's `detail`; `source` is
/// `aws.` + the service's endpoint prefix, `account` the receiving account, `time` and
/// `region` the record's. Stack tests write the CloudTrail record, as for metric filters.
public enum CloudTrailEventEnvelope {
    public static let apiCallDetailType = "AWS API Call via CloudTrail"

    /// `event` as a rule sees it: an EventBridge event (it has `detail-type`) unchanged, a
    /// CloudTrail record (it has `eventSource`) wrapped, anything else unchanged.
    public static func event(_ event: EventJSON) -> EventJSON {
        guard event["detail-type"] == nil, case .string(let eventSource)? = event["eventSource"] else { return event }
        let service = eventSource.hasSuffix(".amazonaws.com") ? String(eventSource.dropLast(".amazonaws.com".count)) : eventSource
        func member(_ key: String, _ value: EventJSON?) -> EventJSONMember { EventJSONMember(key: key, value: value ?? .null) }
        return .object([
            member("version", .string("0")),
            member("id", event["eventID"] ?? .string("00000000-0000-0000-0000-000000000000")),
            member("detail-type", .string(apiCallDetailType)),
            member("source", .string("aws." + service)),
            member("account", event["recipientAccountId"]),
            member("time", event["eventTime"]),
            member("region", event["awsRegion"]),
            member("resources", .array([])),
            member("detail", event),
        ])
    }
}
