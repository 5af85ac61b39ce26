/// The few facts about a CloudTrail record a person scans a list for: when, what, who.
public struct EventSummary: Sendable, Hashable {
    public var time: String?
    public var eventName: String?
    /// The caller's ARN, with the service that acted for it (`invokedBy`) when there is one.
    public var principal: String?
    public var errorCode: String?

    /// Nil unless the event is JSON with an `eventName` (a CloudTrail record).
    public init?(_ event: LogEvent) {
        guard let json = event.json, let name = json["eventName"]?.scalarText else { return nil }
        eventName = name
        time = json["eventTime"]?.scalarText
        errorCode = json["errorCode"]?.scalarText
        let identity = json["userIdentity"]
        let arn = identity?["arn"]?.scalarText
        let invokedBy = identity?["invokedBy"]?.scalarText
        switch (arn, invokedBy) {
        case let (arn?, service?): principal = "\(arn) via \(service)"
        case let (arn?, nil): principal = arn
        case let (nil, service?): principal = service
        case (nil, nil): principal = identity?["type"]?.scalarText
        }
    }

    /// `2026-01-15T12:00:30Z GetSecretValue by arn:aws:iam::111122223333:user/alice (ResourceNotFoundException)`
    public var line: String {
        var parts: [String] = []
        if let time { parts.append(time) }
        if let eventName { parts.append(eventName) }
        if let principal { parts.append("by \(principal)") }
        if let errorCode { parts.append("(\(errorCode))") }
        return parts.joined(separator: " ")
    }
}
