import Foundation
import SecmonAlerts
import SecmonCore
import Testing

/// The EventBridge event-pattern evaluator against the examples of the EventBridge user guide
/// ("Content filtering in Amazon EventBridge event patterns", "Comparison operators for use in
/// event patterns"); each row: pattern, event, expected.
struct EventPatternTests {
    static let cases: [(String, String, String, Bool)] = [
        ("exact value", #"{"source": ["aws.ec2"]}"#, #"{"source": "aws.ec2"}"#, true),
        ("exact value, other", #"{"source": ["aws.ec2"]}"#, #"{"source": "aws.s3"}"#, false),
        ("any of a list", #"{"state": ["pending", "running"]}"#, #"{"state": "running"}"#, true),
        ("and across fields", #"{"Location": ["New York"], "Day": ["Monday"]}"#, #"{"Location": "New York", "Day": "Tuesday"}"#, false),
        ("nested", #"{"detail": {"state": ["running"]}}"#, #"{"detail": {"state": "running"}}"#, true),
        ("array in the event: any element", #"{"resources": ["arn:1"]}"#, #"{"resources": ["arn:0", "arn:1"]}"#, true),
        ("number equality", #"{"detail": {"x": [5]}}"#, #"{"detail": {"x": 5.0}}"#, true),
        ("null", #"{"detail": {"x": [null]}}"#, #"{"detail": {"x": null}}"#, true),
        ("null is not missing", #"{"detail": {"x": [null]}}"#, #"{"detail": {}}"#, false),
        ("empty string", #"{"LastName": [""]}"#, #"{"LastName": ""}"#, true),
        ("prefix", #"{"time": [{"prefix": "2017-10-02"}]}"#, #"{"time": "2017-10-02T18:43:48Z"}"#, true),
        ("prefix, other", #"{"time": [{"prefix": "2017-10-02"}]}"#, #"{"time": "2017-10-03T18:43:48Z"}"#, false),
        ("prefix ignoring case", #"{"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}"#, #"{"service": "eventbridge"}"#, true),
        ("suffix", #"{"FileName": [{"suffix": ".png"}]}"#, #"{"FileName": "image.png"}"#, true),
        ("suffix is case-sensitive", #"{"FileName": [{"suffix": ".png"}]}"#, #"{"FileName": "image.PNG"}"#, false),
        ("suffix ignoring case", #"{"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}"#, #"{"FileName": "image.PNG"}"#, true),
        ("anything-but a string", #"{"state": [{"anything-but": "initializing"}]}"#, #"{"state": "running"}"#, true),
        ("anything-but, excluded", #"{"state": [{"anything-but": "initializing"}]}"#, #"{"state": "initializing"}"#, false),
        ("anything-but a number", #"{"x-limit": [{"anything-but": 123}]}"#, #"{"x-limit": 456}"#, true),
        ("anything-but a list", #"{"state": [{"anything-but": ["stopped", "overloaded"]}]}"#, #"{"state": "stopped"}"#, false),
        ("anything-but needs the field", #"{"state": [{"anything-but": "x"}]}"#, #"{"other": 1}"#, false),
        ("anything-but prefix", #"{"Region": [{"anything-but": {"prefix": "us-"}}]}"#, #"{"Region": "eu-west-1"}"#, true),
        ("anything-but prefix, excluded", #"{"Region": [{"anything-but": {"prefix": "us-"}}]}"#, #"{"Region": "us-east-1"}"#, false),
        ("anything-but suffix", #"{"FileName": [{"anything-but": {"suffix": ".png"}}]}"#, #"{"FileName": "a.png"}"#, false),
        ("anything-but ignoring case", #"{"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}"#, #"{"state": "INITIALIZING"}"#, false),
        ("anything-but a wildcard", #"{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}"#, #"{"FilePath": "/usr/lib/x"}"#, false),
        ("anything-but a wildcard, other", #"{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}"#, #"{"FilePath": "/usr/bin/x"}"#, true),
        ("numeric range", #"{"c-count": [{"numeric": [">", 0, "<=", 5]}]}"#, #"{"c-count": 5}"#, true),
        ("numeric range, out", #"{"c-count": [{"numeric": [">", 0, "<=", 5]}]}"#, #"{"c-count": 0}"#, false),
        ("numeric needs a number", #"{"c-count": [{"numeric": [">", 0]}]}"#, #"{"c-count": "7"}"#, false),
        ("numeric equality", #"{"x": [{"numeric": ["=", 300]}]}"#, #"{"x": 3.0e2}"#, true),
        ("exists", #"{"detail": {"state": [{"exists": true}]}}"#, #"{"detail": {"state": "running"}}"#, true),
        ("exists, missing", #"{"detail": {"state": [{"exists": true}]}}"#, #"{"detail": {}}"#, false),
        ("does not exist", #"{"detail": {"state": [{"exists": false}]}}"#, #"{"detail": {"other": 1}}"#, true),
        ("does not exist, present", #"{"detail": {"state": [{"exists": false}]}}"#, #"{"detail": {"state": "x"}}"#, false),
        ("exists is for leaves", #"{"detail": [{"exists": true}]}"#, #"{"detail": {"a": 1}}"#, false),
        ("equals-ignore-case", #"{"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]}"#, #"{"detail-type": "EC2 Instance State-change Notification"}"#, true),
        ("wildcard", #"{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}"#, #"{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default"}"#, true),
        ("wildcard, other region", #"{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}"#, #"{"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/default"}"#, false),
        ("wildcard, escaped star", #"{"x": [{"wildcard": "a\\*b"}]}"#, #"{"x": "a*b"}"#, true),
        ("wildcard, escaped star is literal", #"{"x": [{"wildcard": "a\\*b"}]}"#, #"{"x": "axb"}"#, false),
        ("cidr", #"{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}"#, #"{"detail": {"sourceIPAddress": "10.0.0.255"}}"#, true),
        ("cidr, outside", #"{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}"#, #"{"detail": {"sourceIPAddress": "10.0.1.0"}}"#, false),
        ("$or", #"{"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]}, {"d-count": [{"numeric": ["<", 10]}]}]}}"#, #"{"detail": {"d-count": 3}}"#, true),
        ("$or, none", #"{"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]}, {"d-count": [{"numeric": ["<", 10]}]}]}}"#, #"{"detail": {"c-count": 9}}"#, false),
        ("$or with other fields", #"{"source": ["aws.ec2"], "$or": [{"detail-type": ["a"]}, {"detail-type": ["b"]}]}"#, #"{"source": "aws.s3", "detail-type": "a"}"#, false),
    ]

    @Test(arguments: cases.indices)
    func documentedCases(_ i: Int) throws {
        let (name, pattern, event, expected) = Self.cases[i]
        #expect(try EventPattern(pattern).matches(json: event) == expected, "\(name)")
    }

    @Test(arguments: [
        #"[]"#, #"{}"#, #"{"source": "aws.ec2"}"#, #"{"source": []}"#, #"{"x": [{"prefix": 1}]}"#,
        #"{"x": [{"numeric": [">", "a"]}]}"#, #"{"x": [{"begins": "a"}]}"#, #"{"$or": [{"a": ["b"]}]}"#,
        #"{"x": [{"wildcard": "a**"}]}"#, #"{"x": [{"cidr": "2001:db8::/32"}]}"#, #"{"x": [{"exists": "yes"}]}"#, "not json",
    ])
    func invalidPatternsAreErrors(_ pattern: String) {
        #expect(throws: EventPatternError.self) { try EventPattern(pattern) }
    }

    /// The secret's generated EventBridge pattern, on the same reads and near misses as its
    /// filter pattern, wrapped as EventBridge delivers CloudTrail records.
    @Test(arguments: [SecretReadPatternTests.live, SecretReadPatternTests.offline])
    func theSecretsEventPattern(_ identity: SecretIdentity) throws {
        let pattern = try EventPattern(SecretReadPattern.eventPattern(for: identity))
        func envelope(_ record: LogEvent) -> String {
            #"{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.secretsmanager","account":"111122223333","time":"2026-01-15T12:00:00Z","region":"us-east-1","resources":[],"detail":"#
                + record.message + "}"
        }
        for (name, event) in SecretReadPatternTests.reads { #expect(pattern.matches(json: envelope(event)), "\(name)") }
        for (name, event) in SecretReadPatternTests.nearMisses {
            // Offline, EventBridge's wildcard cannot say "6 letters or digits": a sibling named
            // NAME-something matches until the live ARN's suffix is known.
            let offlineLimit = identity.arnSuffix == nil && name == "the sibling's full ARN"
            #expect(pattern.matches(json: envelope(event)) == offlineLimit, "\(name)")
        }
    }

    @Test func theInputTransformerWritesWhoWhatWhereWhen() throws {
        let transformer = try InputTransformer(pathsMap: [
            "who": "$.detail.userIdentity.arn", "what": "$.detail.eventName", "secret": "$.detail.requestParameters.secretId",
            "ip": "$.detail.sourceIPAddress", "when": "$.detail.eventTime", "error": "$.detail.errorCode",
            "first": "$.resources[0]",
        ], template: #""<who> called <what> on <secret> from <ip> at <when> (rule <aws.events.rule-name>)""#)
        let event = #"{"detail-type":"AWS API Call via CloudTrail","time":"2026-01-15T12:00:01Z","resources":["r0"],"detail":{"eventName":"GetSecretValue","eventTime":"2026-01-15T12:00:00Z","sourceIPAddress":"203.0.113.7","userIdentity":{"arn":"arn:aws:iam::111122223333:user/alice"},"requestParameters":{"secretId":"TopSecretInfo"}}}"#
        let json = try #require(try? EventJSONParser.parse(event))
        #expect(transformer.render(json, ruleName: "top-secret-reads") ==
                #""arn:aws:iam::111122223333:user/alice called GetSecretValue on TopSecretInfo from 203.0.113.7 at 2026-01-15T12:00:00Z (rule top-secret-reads)""#)
        let object = try InputTransformer(pathsMap: ["who": "$.detail.userIdentity.arn", "id": "$.detail.requestParameters", "err": "$.detail.errorCode"],
                                          template: #"{"who": <who>, "text": "read by \"<who>\"", "params": <id>, "error": <err>}"#)
        #expect(object.render(json) ==
                #"{"who": "arn:aws:iam::111122223333:user/alice", "text": "read by \"arn:aws:iam::111122223333:user/alice\"", "params": {"secretId":"TopSecretInfo"}, "error": null}"#)
        #expect(throws: EventPatternError.self) { try InputTransformer(pathsMap: ["x": "detail.x"], template: "<x>") }
        #expect(throws: EventPatternError.self) { try InputTransformer(pathsMap: ["aws.events.rule-name": "$.x"], template: "<x>") }
    }
}
