import Foundation

/// One log event as a metric filter sees it: its message, its time, and the message parsed as
/// JSON when it is a JSON object (parsed once, here, whatever the number of filters).
public struct LogEvent: Sendable, Hashable {
    public var message: String
    public var timestamp: Date?
    /// The message as JSON, when it is a JSON object; JSON patterns match nothing else.
    public var json: EventJSON?

    /// Parses `message` as JSON when it starts (after blanks) with `{`.
    public init(message: String, timestamp: Date? = nil) {
        self.message = message
        self.timestamp = timestamp
        let firstNonBlank = message.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if firstNonBlank == UInt8(ascii: "{"), let value = try? EventJSONParser.parse(message), case .object = value {
            self.json = value
        } else {
            self.json = nil
        }
    }

    /// For readers that already parsed the message.
    public init(message: String, timestamp: Date?, json: EventJSON?) {
        self.message = message
        self.timestamp = timestamp
        self.json = json
    }
}

/// What a filter pattern found in an event that it matched.
public struct FilterMatch: Sendable, Hashable {
    /// For space-delimited patterns, each field of the event by `$name` (named fields) or
    /// `$position` (1-based, fields covered by `...` or unnamed), as AWS's TestMetricFilter
    /// reports them. Empty for other patterns.
    public var extractedValues: [String: String]

    public init(extractedValues: [String: String] = [:]) {
        self.extractedValues = extractedValues
    }
}
