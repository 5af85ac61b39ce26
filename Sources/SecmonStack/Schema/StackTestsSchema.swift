/// The JSON Schema of `tests:` (metric filters and alarms; docs/stack-tests.md). The alerts
/// module parses and runs them; this is for editors. One item shape covers both kinds: a
/// metric-filter test has `event`/`file` and `expect`, an alarm scenario `events` and a list
/// `expect`.
enum StackTestsSchema {
    static let clockOrTimestamp: JSONValue = .object([
        ("description", "\"12:00:30\", \"12:00\" (on the scenario's day) or 2026-01-15T12:00:30Z; quote clock times."),
        ("type", "string"),
    ])
    static let event: JSONValue = .object([
        ("description", "A JSON event written as a map (sent as compact JSON), or a log line."),
        ("type", .array(["object", "string"])),
    ])
    static let file: JSONValue = .object([
        ("description", "Events from a file relative to the stack file: a CloudTrail log file (gzip or not), a JSON array, or one event per line."),
        ("type", "string"),
    ])
    static let state: JSONValue = .object([("enum", .array(["OK", "ALARM", "INSUFFICIENT_DATA"]))])

    static let schema: JSONValue = .object([
        ("description", "Tests run by `secmon test`: sample events with the expected match and value (metric_filter) or match (event_rule), the message an event target receives (event_target), or timelines of events with the expected alarm states (alarm)."),
        ("type", "array"),
        ("items", .object([
            ("type", "object"),
            ("additionalProperties", false),
            ("properties", .object([
                ("name", .object([("type", "string")])),
                ("event", event),
                ("file", file),
                ("expect", .object([
                    ("description", "metric_filter: match, no match, or {match, value}; event_rule: match or no match; event_target: {message, contains}; alarm: a list of {state, by|at}, {never}, {alarm_notifications}."),
                    ("anyOf", .array([
                        .object([("enum", .array(["match", "no match"]))]),
                        .object([("type", "object"), ("additionalProperties", false), ("required", .array(["match"])),
                                 ("properties", .object([("match", .object([("type", "boolean")])),
                                                         ("value", .object([("type", .array(["number", "null"]))]))]))]),
                        .object([("type", "object"), ("additionalProperties", false),
                                 ("properties", .object([("message", .object([("type", "string")])),
                                                         ("contains", .object([("type", .array(["string", "array"])),
                                                                               ("items", .object([("type", "string")]))]))]))]),
                        .object([("type", "array"), ("items", .object([
                            ("type", "object"), ("additionalProperties", false),
                            ("properties", .object([("state", state), ("by", clockOrTimestamp), ("at", clockOrTimestamp),
                                                    ("never", state), ("alarm_notifications", .object([("type", "integer"), ("minimum", 0)]))])),
                        ]))]),
                    ])),
                ])),
                ("day", .object([("description", "The scenario's day, e.g. 2026-01-15 (default 2026-01-01)."), ("type", "string")])),
                ("start", clockOrTimestamp),
                ("until", clockOrTimestamp),
                ("events", .object([
                    ("type", "array"),
                    ("items", .object([
                        ("type", "object"), ("additionalProperties", false), ("required", .array(["at"])),
                        ("properties", .object([("at", clockOrTimestamp), ("event", event), ("file", file)])),
                    ])),
                ])),
            ])),
        ])),
    ])
}
