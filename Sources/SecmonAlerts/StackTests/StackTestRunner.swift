import Foundation
import SecmonCore

/// One failed expectation of a stack test, where it is, and what happened instead.
public struct StackTestFailure: Sendable, Hashable, CustomStringConvertible {
    public var resource: String
    /// Path inside the resource, e.g. `tests[0].expect[1]`.
    public var path: String
    public var testName: String?
    public var message: String

    public var description: String {
        "\(resource).\(path)\(testName.map { " (\($0))" } ?? ""): \(message)"
    }
}

/// Runs metric-filter tests and alarm scenarios. Events in files are read through
/// `readEvents` (the stack layer resolves paths relative to the stack file).
public struct StackTestRunner: Sendable {
    public var readEvents: @Sendable (String) throws -> [LogEvent]

    public init(readEvents: @escaping @Sendable (String) throws -> [LogEvent]) {
        self.readEvents = readEvents
    }

    /// Reads files with `LogEventReader`, relative to `directory`.
    public init(directory: String) {
        self.readEvents = { path in
            let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
            return try LogEventReader.events(in: try FileByteSource(path: full))
        }
    }

    func events(_ source: TestEventSource) throws -> [LogEvent] {
        switch source {
        case .inline(let message): return [LogEvent(message: message)]
        case .file(let path): return try readEvents(path)
        }
    }

    public func run(_ tests: [MetricFilterTest], filter: MetricFilter, resource: String) -> [StackTestFailure] {
        var failures: [StackTestFailure] = []
        for test in tests {
            func fail(_ message: String) {
                failures.append(StackTestFailure(resource: resource, path: test.path + ".expect", testName: test.name, message: message))
            }
            let events: [LogEvent]
            do { events = try self.events(test.events) } catch {
                failures.append(StackTestFailure(resource: resource, path: test.path, testName: test.name, message: "cannot read events: \(error)"))
                continue
            }
            if events.isEmpty { fail("the test has no events"); continue }
            for (i, event) in events.enumerated() {
                let which = events.count > 1 ? "event \(i + 1): " : ""
                let matched = filter.pattern.matches(event)
                if matched != test.expectMatch {
                    fail("\(which)expected \(test.expectMatch ? "a match" : "no match"), but the pattern \(matched ? "matches" : "does not match")")
                    continue
                }
                if let expected = test.expectValue {
                    let published = filter.emission(for: event)?.value
                    if published != expected {
                        fail("\(which)expected \(describe(expected)) to be published, but \(describe(published)) is")
                    }
                }
            }
        }
        return failures
    }

    /// Event-rule tests: each event (a CloudTrail record is wrapped as EventBridge delivers it)
    /// against the rule's pattern.
    public func run(_ tests: [MetricFilterTest], rule pattern: EventPattern, resource: String) -> [StackTestFailure] {
        var failures: [StackTestFailure] = []
        for test in tests {
            let read = ruleEvents(of: test.events, path: test.path, name: test.name, resource: resource)
            failures += read.failures
            for (which, event) in read.events {
                let matched = pattern.matches(event)
                guard matched != test.expectMatch else { continue }
                failures.append(StackTestFailure(resource: resource, path: test.path + ".expect", testName: test.name,
                    message: "\(which)expected \(test.expectMatch ? "a match" : "no match"), but the event pattern \(matched ? "matches" : "does not match")"))
            }
        }
        return failures
    }

    /// What one event-target test sends.
    public struct RenderedMessage: Sendable, Hashable {
        public var resource: String
        public var testName: String?
        public var text: String
    }

    /// Event-target tests: the message `transformer` (nil: the whole event) renders for each
    /// event, checked against the test's expectations; `rule`, when known, must match the event.
    public func run(_ tests: [EventTargetTest], transformer: InputTransformer?, rule: (name: String, pattern: EventPattern?),
                    resource: String) -> (failures: [StackTestFailure], messages: [RenderedMessage]) {
        var failures: [StackTestFailure] = []
        var messages: [RenderedMessage] = []
        for test in tests {
            let read = ruleEvents(of: test.events, path: test.path, name: test.name, resource: resource)
            failures += read.failures
            for (which, event) in read.events {
                func fail(_ message: String) {
                    failures.append(StackTestFailure(resource: resource, path: test.path + ".expect", testName: test.name, message: which + message))
                }
                if let pattern = rule.pattern, !pattern.matches(event) {
                    failures.append(StackTestFailure(resource: resource, path: test.path, testName: test.name,
                        message: "\(which)rule '\(rule.name)' does not match this event, so the target receives nothing"))
                    continue
                }
                let text = transformer?.render(event, ruleName: rule.name) ?? event.compactJSON
                messages.append(RenderedMessage(resource: resource, testName: test.name, text: text))
                if let expected = test.expectMessage, expected != text {
                    fail("expected the message \(JSONString.quoted(expected)), but it is \(JSONString.quoted(text))")
                }
                for part in test.expectContains where !text.contains(part) {
                    fail("expected the message to contain \(JSONString.quoted(part)), but it is \(JSONString.quoted(text))")
                }
            }
        }
        return (failures, messages)
    }

    /// Each event of a test as a rule sees it, with its label ("event 2: " when there are
    /// several); a source that cannot be read or holds no JSON event is a failure.
    private func ruleEvents(of source: TestEventSource, path: String, name: String?, resource: String)
        -> (events: [(String, EventJSON)], failures: [StackTestFailure])
    {
        func failure(_ at: String, _ message: String) -> StackTestFailure {
            StackTestFailure(resource: resource, path: at, testName: name, message: message)
        }
        let events: [LogEvent]
        do { events = try self.events(source) } catch {
            return ([], [failure(path, "cannot read events: \(error)")])
        }
        if events.isEmpty { return ([], [failure(path + ".expect", "the test has no events")]) }
        var out: [(String, EventJSON)] = []
        var failures: [StackTestFailure] = []
        for (i, event) in events.enumerated() {
            let which = events.count > 1 ? "event \(i + 1): " : ""
            guard let json = event.json else {
                failures.append(failure(path, "\(which)the event is not JSON"))
                continue
            }
            out.append((which, CloudTrailEventEnvelope.event(json)))
        }
        return (out, failures)
    }

    /// Longest scenario simulated, in periods (over 3 years of 5-minute periods): beyond it a
    /// scenario is refused with an error rather than left to run for minutes.
    public static let maximumScenarioPeriods = 1_000_000

    public func run(
        _ scenarios: [AlarmScenario], alarm: AlarmDefinition, filter: MetricFilter, notifiesOnAlarm: Bool, resource: String
    ) -> [StackTestFailure] {
        var failures: [StackTestFailure] = []
        let simulator = AlarmSimulator(alarm: alarm)
        for scenario in scenarios {
            var timeline: [LogEvent] = []
            do {
                for entry in scenario.events {
                    for var event in try events(entry.events) {
                        event.timestamp = entry.at
                        timeline.append(event)
                    }
                }
            } catch {
                failures.append(StackTestFailure(resource: resource, path: scenario.path, testName: scenario.name, message: "cannot read events: \(error)"))
                continue
            }
            let times = timeline.compactMap(\.timestamp)
            let start = scenario.start ?? times.min() ?? ScenarioTime.defaultDay
            let end = scenario.until ?? (times.max() ?? start).addingTimeInterval(3600)
            let periods = (end.timeIntervalSince(start) / Double(alarm.period)).rounded(.up)
            guard periods <= Double(Self.maximumScenarioPeriods) else {
                failures.append(StackTestFailure(resource: resource, path: scenario.path, testName: scenario.name,
                    message: "the scenario spans \(periods.isFinite ? String(format: "%.0f", periods) : "too many") periods of \(alarm.period) s; at most \(Self.maximumScenarioPeriods) are simulated: set start and until closer together"))
                continue
            }
            let transitions = simulator.transitions(filter: filter, events: timeline, start: start, end: end)
            func state(at time: Date) -> AlarmState {
                transitions.last { $0.time <= time }?.to ?? .insufficientData
            }
            let history = transitions.isEmpty ? "it stays INSUFFICIENT_DATA"
                : transitions.map { "\(clock($0.time)) \($0.to.rawValue)" }.joined(separator: ", ")
            for expectation in scenario.expectations {
                switch expectation {
                case .reaches(let s, let by, let path):
                    if !transitions.contains(where: { $0.to == s && $0.time <= by }) {
                        failures.append(StackTestFailure(resource: resource, path: path, testName: scenario.name,
                            message: "expected \(s.rawValue) by \(clock(by)), but \(history)"))
                    }
                case .isIn(let s, let at, let path):
                    if state(at: at) != s {
                        failures.append(StackTestFailure(resource: resource, path: path, testName: scenario.name,
                            message: "expected \(s.rawValue) at \(clock(at)), but it is \(state(at: at).rawValue) (\(history))"))
                    }
                case .never(let s, let path):
                    if let t = transitions.first(where: { $0.to == s }) {
                        failures.append(StackTestFailure(resource: resource, path: path, testName: scenario.name,
                            message: "expected never \(s.rawValue), but it is \(s.rawValue) at \(clock(t.time))"))
                    }
                case .alarmNotifications(let count, let path):
                    let actual = notifiesOnAlarm ? transitions.filter { $0.to == .alarm }.count : 0
                    if actual != count {
                        failures.append(StackTestFailure(resource: resource, path: path, testName: scenario.name,
                            message: "expected \(count) ALARM notification\(count == 1 ? "" : "s"), but there \(actual == 1 ? "is" : "are") \(actual)\(notifiesOnAlarm ? "" : " (the alarm has no enabled alarm actions)")"))
                    }
                }
            }
        }
        return failures
    }

    func describe(_ value: Double?) -> String {
        value.map { "value \(MetricFilter.MetricValue.constant($0).description)" } ?? "nothing"
    }

    func clock(_ time: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withTime, .withColonSeparatorInTime]
        return f.string(from: time)
    }
}
