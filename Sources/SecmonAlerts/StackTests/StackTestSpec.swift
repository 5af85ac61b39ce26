import Foundation
import SecmonCore

/// The `tests:` of a metric filter or an alarm in a stack (format: docs/stack-tests.md), read
/// from the stack's raw node as a `Value`. Errors name the offending place as a path such as
/// `tests[1].expect.value`, which the stack layer maps to a line and column.
public struct StackTestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}

/// Where a test's events come from.
public enum TestEventSource: Sendable, Hashable {
    /// An event written in the stack: a map (serialized as compact JSON, keys sorted) or a string.
    case inline(String)
    /// Every event of a file (a CloudTrail log file, gzip or not, a JSON array, or lines),
    /// relative to the stack file.
    case file(String)

    static func parse(_ map: [String: Value], path: String) throws(StackTestError) -> TestEventSource {
        switch (map["event"], map["file"]) {
        case (let event?, nil):
            switch event {
            case .string(let text): return .inline(text)
            case .map, .list:
                let event = OfflineAccount.example.fillingEnvelope(of: event)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                guard let data = try? encoder.encode(event) else { throw StackTestError(path: path + ".event", "cannot write this event as JSON") }
                return .inline(String(decoding: data, as: UTF8.self))
            default: throw StackTestError(path: path + ".event", "expected a map (a JSON event) or a string (a log line)")
            }
        case (nil, .string(let file)?): return .file(file)
        case (nil, _?): throw StackTestError(path: path + ".file", "expected a file path")
        case (_?, _?): throw StackTestError(path: path, "give either event or file, not both")
        case (nil, nil): throw StackTestError(path: path, "expected event (inline) or file (a path relative to the stack file)")
        }
    }
}

/// One metric-filter test: sample events and what the filter must do with each.
public struct MetricFilterTest: Sendable, Hashable {
    public var name: String?
    public var path: String
    public var events: TestEventSource
    public var expectMatch: Bool
    /// The value published: nil = not checked; `.some(nil)` = nothing published.
    public var expectValue: Double??

    /// `tests:` of a metric filter: a list of `{name?, event|file, expect}`.
    public static func parseList(_ value: Value, path: String = "tests") throws(StackTestError) -> [MetricFilterTest] {
        var tests: [MetricFilterTest] = []
        for (itemPath, map) in try testEntries(value, path: path, list: "tests", entry: "event (or file) and expect",
                                               allowed: ["name", "event", "file", "expect"]) {
            let source = try TestEventSource.parse(map, path: itemPath)
            var match: Bool
            var expected: Double?? = nil
            switch map["expect"] {
            case .string("match")?: match = true
            case .string("no match")?, .string("no_match")?: match = false
            case .map(let e)?:
                try checkKeys(e, allowed: ["match", "value"], path: itemPath + ".expect")
                guard let m = e["match"]?.boolValue else { throw StackTestError(path: itemPath + ".expect.match", "expected true or false") }
                match = m
                if let v = e["value"] {
                    if v == .null { expected = .some(nil) } else if let d = v.doubleValue { expected = .some(d) } else {
                        throw StackTestError(path: itemPath + ".expect.value", "expected a number, or null for no value published")
                    }
                }
            default:
                throw StackTestError(path: itemPath + ".expect", "expected 'match', 'no match', or {match: true|false, value: N}")
            }
            tests.append(MetricFilterTest(name: map["name"]?.stringValue, path: itemPath, events: source,
                                          expectMatch: match, expectValue: expected))
        }
        return tests
    }
}

/// One alarm scenario: a timeline of events and what the alarm must do.
public struct AlarmScenario: Sendable, Hashable {
    public struct TimedEvents: Sendable, Hashable {
        public var at: Date
        public var events: TestEventSource
    }

    public enum Expectation: Sendable, Hashable {
        /// In `state` no later than `by` (it may have left it since).
        case reaches(AlarmState, by: Date, path: String)
        /// In `state` at `at`.
        case isIn(AlarmState, at: Date, path: String)
        /// Never in `state` during the scenario.
        case never(AlarmState, path: String)
        /// How many times the alarm goes to ALARM and so notifies its alarm actions.
        case alarmNotifications(Int, path: String)
    }

    public var name: String?
    public var path: String
    public var start: Date?
    public var until: Date?
    public var events: [TimedEvents]
    public var expectations: [Expectation]

    /// `tests:` of an alarm: a list of `{name?, day?, start?, until?, events: [{at, event|file}], expect: [...]}`.
    public static func parseList(_ value: Value, path: String = "tests") throws(StackTestError) -> [AlarmScenario] {
        var scenarios: [AlarmScenario] = []
        for (itemPath, map) in try testEntries(value, path: path, list: "scenarios", entry: "events and expect",
                                               allowed: ["name", "day", "start", "until", "events", "expect"]) {
            var day = ScenarioTime.defaultDay
            if let d = map["day"] {
                guard let text = d.stringValue, let parsed = ScenarioTime.day(text) else {
                    throw StackTestError(path: itemPath + ".day", "expected a date such as 2026-01-15")
                }
                day = parsed
            }
            func time(_ key: String, in m: [String: Value], path p: String) throws(StackTestError) -> Date? {
                guard let v = m[key] else { return nil }
                guard let text = v.stringValue ?? v.intValue.map(String.init), let t = ScenarioTime.parse(text, day: day) else {
                    throw StackTestError(path: "\(p).\(key)", "expected a time such as \"12:00:30\" or 2026-01-15T12:00:30Z")
                }
                return t
            }
            var events: [TimedEvents] = []
            for (j, entry) in (map["events"]?.listValue ?? []).enumerated() {
                let entryPath = "\(itemPath).events[\(j)]"
                guard let e = entry.mapValue else { throw StackTestError(path: entryPath, "expected {at, event} or {at, file}") }
                try checkKeys(e, allowed: ["at", "event", "file"], path: entryPath)
                guard let at = try time("at", in: e, path: entryPath) else { throw StackTestError(path: entryPath, "expected at: the event's time") }
                events.append(TimedEvents(at: at, events: try TestEventSource.parse(e, path: entryPath)))
            }
            if map["events"] != nil && map["events"]?.listValue == nil { throw StackTestError(path: itemPath + ".events", "expected a list") }
            var expectations: [Expectation] = []
            guard let expects = map["expect"]?.listValue, !expects.isEmpty else {
                throw StackTestError(path: itemPath + ".expect", "expected a list of expectations, e.g. [{state: ALARM, by: \"12:05\"}]")
            }
            for (j, entry) in expects.enumerated() {
                let p = "\(itemPath).expect[\(j)]"
                guard let e = entry.mapValue else { throw StackTestError(path: p, "expected a map") }
                try checkKeys(e, allowed: ["state", "by", "at", "never", "alarm_notifications"], path: p)
                if let n = e["alarm_notifications"] {
                    guard let count = n.intValue, count >= 0 else { throw StackTestError(path: p + ".alarm_notifications", "expected a count") }
                    expectations.append(.alarmNotifications(count, path: p))
                } else if let never = e["never"] {
                    expectations.append(.never(try state(never, path: p + ".never"), path: p))
                } else if let s = e["state"] {
                    let st = try state(s, path: p + ".state")
                    if let by = try time("by", in: e, path: p) {
                        expectations.append(.reaches(st, by: by, path: p))
                    } else if let at = try time("at", in: e, path: p) {
                        expectations.append(.isIn(st, at: at, path: p))
                    } else {
                        throw StackTestError(path: p, "expected by: (reached no later than) or at: (in that state then)")
                    }
                } else {
                    throw StackTestError(path: p, "expected state (with by or at), never, or alarm_notifications")
                }
            }
            scenarios.append(AlarmScenario(
                name: map["name"]?.stringValue, path: itemPath, start: try time("start", in: map, path: itemPath),
                until: try time("until", in: map, path: itemPath), events: events, expectations: expectations))
        }
        return scenarios
    }

    static func state(_ value: Value, path: String) throws(StackTestError) -> AlarmState {
        guard let text = value.stringValue, let state = AlarmState(rawValue: text) else {
            throw StackTestError(path: path, "expected OK, ALARM or INSUFFICIENT_DATA")
        }
        return state
    }
}

/// The entries of a `tests:` list with their paths, each a map with only `allowed` keys.
func testEntries(_ value: Value, path: String, list: String, entry: String, allowed: Set<String>) throws(StackTestError)
    -> [(path: String, map: [String: Value])]
{
    guard let items = value.listValue else { throw StackTestError(path: path, "expected a list of \(list)") }
    var entries: [(path: String, map: [String: Value])] = []
    for (i, item) in items.enumerated() {
        let itemPath = "\(path)[\(i)]"
        guard let map = item.mapValue else { throw StackTestError(path: itemPath, "expected a map with \(entry)") }
        try checkKeys(map, allowed: allowed, path: itemPath)
        entries.append((itemPath, map))
    }
    return entries
}

func checkKeys(_ map: [String: Value], allowed: Set<String>, path: String) throws(StackTestError) {
    if let unknown = map.keys.sorted().first(where: { !allowed.contains($0) }) {
        throw StackTestError(path: "\(path).\(unknown)", "unknown key '\(unknown)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
    }
}

/// Times in scenarios: `12:00:30`, `12:00` on the scenario's day, or a full UTC timestamp.
enum ScenarioTime {
    /// 2026-01-01T00:00:00Z.
    static let defaultDay = Date(timeIntervalSince1970: 1_767_225_600)

    static func day(_ text: String) -> Date? { CloudTrailTime.parse(text + "T00:00:00Z") }

    static func parse(_ text: String, day: Date) -> Date? {
        if text.contains("T") { return CloudTrailTime.parse(text) }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers.allSatisfy({ $0 >= 0 }), numbers[0] < 24, numbers[1] < 60, numbers.count == 2 || numbers[2] < 60 else { return nil }
        return day.addingTimeInterval(Double(numbers[0] * 3600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)))
    }
}

/// One event-target test: an event, and what the target receives for it (the input
/// transformer rendered offline). `secmon test` prints every rendered message.
public struct EventTargetTest: Sendable, Hashable {
    public var name: String?
    public var path: String
    public var events: TestEventSource
    /// The whole message, when given.
    public var expectMessage: String?
    /// Text the message must contain.
    public var expectContains: [String]

    /// `tests:` of an event target: a list of `{name?, event|file, expect?: {message?, contains?}}`.
    public static func parseList(_ value: Value, path: String = "tests") throws(StackTestError) -> [EventTargetTest] {
        var tests: [EventTargetTest] = []
        for (itemPath, map) in try testEntries(value, path: path, list: "tests", entry: "event (or file) and expect",
                                               allowed: ["name", "event", "file", "expect"]) {
            var test = EventTargetTest(name: map["name"]?.stringValue, path: itemPath,
                                       events: try TestEventSource.parse(map, path: itemPath), expectMessage: nil, expectContains: [])
            if let expect = map["expect"] {
                guard let e = expect.mapValue else {
                    throw StackTestError(path: itemPath + ".expect", "expected {message: TEXT} and/or {contains: [TEXT, ...]}")
                }
                try checkKeys(e, allowed: ["message", "contains"], path: itemPath + ".expect")
                if let message = e["message"] {
                    guard let text = message.stringValue else { throw StackTestError(path: itemPath + ".expect.message", "expected the message's text") }
                    test.expectMessage = text
                }
                if let contains = e["contains"] {
                    let texts = contains.listValue?.compactMap(\.stringValue) ?? contains.stringValue.map { [$0] }
                    guard let texts, texts.count == (contains.listValue?.count ?? 1) else {
                        throw StackTestError(path: itemPath + ".expect.contains", "expected a text or a list of texts")
                    }
                    test.expectContains = texts
                }
            }
            tests.append(test)
        }
        return tests
    }
}

extension MetricFilterTest {
    /// `tests:` of an event rule: the metric-filter form without `value` (a rule emits none).
    public static func parseRuleTests(_ value: Value, path: String = "tests") throws(StackTestError) -> [MetricFilterTest] {
        let tests = try parseList(value, path: path)
        if let valued = tests.first(where: { $0.expectValue != nil }) {
            throw StackTestError(path: valued.path + ".expect.value", "an event rule emits no value: expect match or no match")
        }
        return tests
    }
}
