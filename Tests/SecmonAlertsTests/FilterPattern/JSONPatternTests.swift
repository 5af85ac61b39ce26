import SecmonAlerts
import Testing

// FilterAndPatternSyntax, "Using filter patterns to match terms in JSON log events" (current
// page) and the older "Matching Terms in JSON Log Events" sections.
private let json = "FilterAndPatternSyntax: JSON log events"
private let compound = "FilterAndPatternSyntax: JSON log events, compound expressions"
private let legacy = "FilterAndPatternSyntax (older revision): JSON Metric Filter Examples"
private let orSection = "FilterAndPatternSyntax (older revision): OR Pattern Matching"
private let special = "FilterAndPatternSyntax (older revision): JSON Special Considerations"
private let numeric = "FilterAndPatternSyntax: writing filter patterns that match numeric values"
private let ours = "our case"

/// The "JSON log event" of the current page, on one line as the page says to test it.
let documentedEvent = #"{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"], "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null, "cluster.name": "c"}"#
/// The older page's example adds `"ThisFlag": true`.
let legacyEvent = #"{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"], "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null, "ThisFlag": true}"#
/// The compound-conditions example object.
let compoundEvent = #"{"user": {"id": 1, "email": "John.Stiles@example.com"}, "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}], "actions": ["GET", "PUT", "DELETE"], "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}"#

let jsonCases: [PatternCase] = [
    // Current page: examples on the JSON log event.
    PatternCase(#"{ $.eventType = "UpdateTrail" }"#, documentedEvent, true, json),
    PatternCase(#"{ $.sourceIPAddress != 123.123.* }"#, documentedEvent, true, json),
    PatternCase(#"{ $.arrayKey[0] = "value" }"#, documentedEvent, true, json),
    PatternCase(#"{ $.eventType = %Trail% }"#, documentedEvent, true, json),
    PatternCase(#"{ $.arrayKey[*] = %val.{2}% }"#, documentedEvent, true, json),
    PatternCase(#"{ $.* = %111\.111\.111\.1[0-9]{1,2}% }"#, documentedEvent, true, json),
    PatternCase(#"{ $.['cluster.name'] = "c" }"#, documentedEvent, true, json),
    PatternCase(#"{ $.SomeObject IS NULL }"#, documentedEvent, true, json),
    PatternCase(#"{ $.SomeOtherObject NOT EXISTS }"#, documentedEvent, true, json),
    // ... and their negative counterparts (ours).
    PatternCase(#"{ $.eventType = "DeleteTrail" }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.sourceIPAddress != 111.111.* }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.arrayKey[1] = "value" }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.arrayKey[2] = "value" }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.eventType = %^Trail% }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.arrayKey[*] = %^another% }"#, documentedEvent, true, ours),
    PatternCase(#"{ $.arrayKey[*] = %^missing% }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.* = %^222% }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.cluster.name = "c" }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.eventType IS NULL }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.Missing IS NULL }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.SomeObject NOT EXISTS }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.eventType NOT EXISTS }"#, documentedEvent, false, ours),
    PatternCase(#"{ $.objectList[*].id = 2 }"#, documentedEvent, true, ours),
    PatternCase(#"{ $.objectList[*].id = 3 }"#, documentedEvent, false, ours),
    // Older page: examples on its JSON example.
    PatternCase(#"{ $.eventType = "UpdateTrail" }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.sourceIPAddress != 123.123.* }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.arrayKey[0] = "value" }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.objectList[1].id = 2 }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.SomeObject IS NULL }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.SomeOtherObject NOT EXISTS }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.ThisFlag IS TRUE }"#, legacyEvent, true, legacy),
    PatternCase(#"{ $.ThisFlag IS FALSE }"#, legacyEvent, false, legacy),
    // "If arrayKey is not an array this will be false"; "If the items in objectList are not
    // objects or do not have an id property, this will be false."
    PatternCase(#"{ $.eventType[0] = "value" }"#, legacyEvent, false, legacy),
    PatternCase(#"{ $.arrayKey[0].id = 2 }"#, legacyEvent, false, legacy),
    PatternCase(#"{ $.objectList[0].id = 2 }"#, legacyEvent, false, ours),
    // The wildcard in strings: "*Event will match PutEvent and GetEvent; Event* will match
    // EventId and EventName; Ev*ent will only match the actual string Ev*ent".
    PatternCase(#"{ $.name = "*Event" }"#, #"{"name": "PutEvent"}"#, true, legacy),
    PatternCase(#"{ $.name = "*Event" }"#, #"{"name": "GetEvent"}"#, true, legacy),
    PatternCase(#"{ $.name = "*Event" }"#, #"{"name": "EventId"}"#, false, ours),
    PatternCase(#"{ $.name = Event* }"#, #"{"name": "EventId"}"#, true, legacy),
    PatternCase(#"{ $.name = Event* }"#, #"{"name": "EventName"}"#, true, legacy),
    PatternCase(#"{ $.name = "Ev*ent" }"#, #"{"name": "Ev*ent"}"#, true, legacy),
    PatternCase(#"{ $.name = "Ev*ent" }"#, #"{"name": "Event"}"#, false, legacy),
    PatternCase(#"{ $.name = "*vent*" }"#, #"{"name": "Events"}"#, true, ours),
    PatternCase(#"{ $.latency = * }"#, #"{"latency": 50}"#, true, "FilterAndPatternSyntax: publishing numerical values"),
    PatternCase(#"{ $.latency = * }"#, #"{"other": 50}"#, false, ours),
    // OR in JSON filters.
    PatternCase(#"{$.foo = bar}"#, #"{"foo": "bar"}"#, true, orSection),
    PatternCase(#"{$.foo = bar}"#, #"{"foo": "baz"}"#, false, orSection),
    PatternCase(#"{$.foo = baz }"#, #"{"foo": "baz"}"#, true, orSection),
    PatternCase(#"{$.foo = baz }"#, #"{"foo": "bar"}"#, false, orSection),
    PatternCase(#"{$.foo = bar || $.foo = baz }"#, #"{"foo": "bar"}"#, true, orSection),
    PatternCase(#"{$.foo = bar || $.foo = baz }"#, #"{"foo": "baz"}"#, true, orSection),
    PatternCase(#"{$.foo = bar || $.foo = baz }"#, #"{"foo": "qux"}"#, false, ours),
    // Compound expressions on the compound example object.
    PatternCase(#"{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }"#, compoundEvent, true, compound),
    PatternCase(#"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }"#, compoundEvent, true, compound),
    PatternCase(#"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }"#, compoundEvent, false, compound),
    PatternCase(#"{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }"#, compoundEvent, false, compound),
    // The older page writes the same with unquoted `nonmatch` / `nomatch`.
    PatternCase(#"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }"#, compoundEvent, true, compound),
    PatternCase(#"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }"#, compoundEvent, false, compound),
    PatternCase(#"{ $.coordinates[0][1] = 1 }"#, compoundEvent, true, ours),
    PatternCase(#"{ $.coordinates[2][2] = 9 && $.actions[1] = PUT }"#, compoundEvent, true, ours),
    PatternCase(#"{ $.actions[2] = "DELETE" && ($.user.id = 5 || $.users[1].id = 3) }"#, compoundEvent, true, ours),
    PatternCase(#"{ $.actions[2] = "DELETE" && ($.user.id = 5 || $.users[1].id = 4) }"#, compoundEvent, false, ours),
    PatternCase(#"{($.user.id=1)&&($.actions[0]=GET)}"#, compoundEvent, true, ours),
    // Special considerations: a selector on an array or object matches neither = nor !=.
    PatternCase(#"{$.users = 1}"#, #"{"users": [1, 2, 3]}"#, false, special),
    PatternCase(#"{$.users != 1}"#, #"{"users": [1, 2, 3]}"#, false, special),
    PatternCase(#"{$.user != 1}"#, compoundEvent, false, ours),
    // Numeric comparisons (examples of both pages, each with an event of ours on both sides).
    PatternCase(#"{ $.latency >= 500 }"#, #"{"latency": 500}"#, true, numeric),
    PatternCase(#"{ $.latency >= 500 }"#, #"{"latency": 499.9}"#, false, numeric),
    PatternCase(#"{ $.numbers[0] < 10e3 }"#, #"{"numbers": [9999]}"#, true, numeric),
    PatternCase(#"{ $.numbers[0] < 10e3 }"#, #"{"numbers": [10000]}"#, false, numeric),
    PatternCase(#"{ $.numbers[0] < 10e-3 }"#, #"{"numbers": [0.009]}"#, true, numeric),
    PatternCase(#"{ $.numbers[0] < 10e-3 }"#, #"{"numbers": [0.01]}"#, false, numeric),
    PatternCase(#"{ $.processes[4].averageRuntime <= 55.5 }"#, #"{"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]}"#, true, numeric),
    PatternCase(#"{ $.processes[4].averageRuntime <= 55.5 }"#, #"{"processes": [{}, {}, {}, {}, {"averageRuntime": 55.6}]}"#, false, numeric),
    PatternCase(#"{ $.errorCode = 400 }"#, #"{"errorCode": 400}"#, true, numeric),
    PatternCase(#"{ $.errorCode = 400}"#, #"{"errorCode": 400.0}"#, true, numeric),
    PatternCase(#"{ $.errorCode = 400 }"#, #"{"errorCode": 404}"#, false, numeric),
    PatternCase(#"{ $.errorCode != 500 }"#, #"{"errorCode": 400}"#, true, numeric),
    PatternCase(#"{ $.errorCode != 500 }"#, #"{"errorCode": 500}"#, false, numeric),
    PatternCase(#"{ $.latency > +1000 }"#, #"{"latency": 1001}"#, true, numeric),
    PatternCase(#"{ $.latency > +1000 }"#, #"{"latency": 1000}"#, false, numeric),
    PatternCase(#"{ $.bandwidth > 75 }"#, #"{"bandwidth": 76}"#, true, numeric),
    PatternCase(#"{ $.latency < 50 }"#, #"{"latency": 49}"#, true, numeric),
    PatternCase(#"{ $.refreshRate >= 60 }"#, #"{"refreshRate": 60}"#, true, numeric),
    PatternCase(#"{ $.responseTime <= 5 }"#, #"{"responseTime": 6}"#, false, numeric),
    PatternCase(#"{ $.number[0] = 1e+3 }"#, #"{"number": [1000]}"#, true, numeric),
    PatternCase(#"{ $.number[0] != 1e-3 }"#, #"{"number": [0.001]}"#, false, numeric),
    PatternCase(#"{ $.number[0] != 1e-3 }"#, #"{"number": [1]}"#, true, numeric),
    PatternCase(#"{ $.temperature > -5 }"#, #"{"temperature": -4}"#, true, ours),
    PatternCase(#"{ $.temperature > -5 }"#, #"{"temperature": "-6"}"#, false, ours),
    // Numbers written as strings (CloudTrail's account ids) compare numerically.
    PatternCase(#"{ $.recipientAccountId = 123456789012 }"#, #"{"recipientAccountId": "123456789012"}"#, true, ours),
    PatternCase(#"{ $.latency > 10 }"#, #"{"latency": "fast"}"#, false, ours),
    PatternCase(#"{ $.errorCode != 500 }"#, #"{"errorCode": "AccessDenied"}"#, true, ours),
    // Missing properties and non-JSON events.
    PatternCase(#"{ $.errorCode != 500 }"#, #"{"other": 1}"#, false, ours),
    PatternCase(#"{ $.eventName = GetSecretValue }"#, "eventName = GetSecretValue", false, ours),
    PatternCase(#"{ $.eventName = GetSecretValue }"#, #"{"eventName": "GetSecretValue""#, false, ours),
    PatternCase(#"{ $.eventName = GetSecretValue }"#, #"["GetSecretValue"]"#, false, ours),
    // Case sensitivity of values and names.
    PatternCase(#"{ $.eventName = getsecretvalue }"#, #"{"eventName": "GetSecretValue"}"#, false, ours),
    PatternCase(#"{ $.EventName = GetSecretValue }"#, #"{"eventName": "GetSecretValue"}"#, false, ours),
    // Booleans compare as text too, and IS TRUE needs a real boolean.
    PatternCase(#"{ $.flag IS TRUE }"#, #"{"flag": "true"}"#, false, ours),
    PatternCase(#"{ $.flag IS FALSE }"#, #"{"flag": false}"#, true, ours),
    PatternCase(#"{ $.flag = true }"#, #"{"flag": true}"#, true, ours),
    PatternCase(#"{ $.a.b-c_d = 1 }"#, #"{"a": {"b-c_d": 1}}"#, true, ours),
    // Unicode escapes in the event are decoded before comparing.
    PatternCase(#"{ $.name = "caf\u00e9" }"#, #"{"name": "caf\u00e9"}"#, false, ours),
    PatternCase(#"{ $.name = "café" }"#, #"{"name": "caf\u00e9"}"#, true, ours),
    // The typical CloudTrail patterns.
    PatternCase(#"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") }"#, #"{"eventSource": "secretsmanager.amazonaws.com", "eventName": "GetSecretValue"}"#, true, ours),
    PatternCase(#"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") }"#, #"{"eventSource": "secretsmanager.amazonaws.com", "eventName": "DescribeSecret"}"#, false, ours),
    PatternCase(#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#, #"{"errorCode": "AccessDeniedException"}"#, true, "CIS CloudWatch.1-style pattern"),
    PatternCase(#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#, #"{"errorCode": "Client.UnauthorizedOperation"}"#, true, "CIS CloudWatch.1-style pattern"),
    PatternCase(#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#, #"{"errorCode": "ThrottlingException"}"#, false, ours),
    PatternCase(#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#, #"{"userIdentity": {"type": "Root"}, "eventType": "AwsApiCall"}"#, true, "CIS root usage pattern"),
    PatternCase(#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#, #"{"userIdentity": {"type": "Root", "invokedBy": "s3.amazonaws.com"}, "eventType": "AwsApiCall"}"#, false, "CIS root usage pattern"),
]

@Test("JSON patterns", arguments: jsonCases)
func jsonPattern(_ row: PatternCase) throws { try row.check() }
