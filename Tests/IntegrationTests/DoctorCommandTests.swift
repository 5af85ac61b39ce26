import AWSClient
import Foundation
import TestSupport
import XCTest

/// `secmon doctor` and `secmon drill` through the real binary, on the example stack deployed to
/// the local endpoint.
final class DoctorCommandTests: XCTestCase {
    private var stack: StackFixture!

    override func setUpWithError() throws { stack = try StackFixture() }
    override func tearDown() { stack?.tearDown() }

    let trail = "secret-access-alarm-trail"
    let alarm = "secret-access-alarm-secret-read"
    let topicArn = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"

    /// Deploys the stack. moto answers StartLogging with a trail ARN by an HTML 500, so logging
    /// is started here by name whatever apply managed.
    func deploy() async throws {
        _ = try stack.secmon.run(["apply", stack.stackPath, "--auto-approve"])
        _ = try await stack.client.call(.cloudtrail, "StartLogging", ["Name": .string(trail)])
    }

    func checklist(_ arguments: [String], expect status: Int32) throws -> [String: String] {
        let result = try stack.run(["doctor"] + arguments + ["--json"], expect: status)
        let data = Data(result.stdout.utf8)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], result.all)
        let checks = try XCTUnwrap(object["checks"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: checks.compactMap { c in
            (c["id"] as? String).map { ($0, c["status"] as? String ?? "") }
        })
    }

    func testDoctorOnTheDeployedStackThenOneBreak() async throws {
        try await deploy()
        // Nothing fails; moto cannot prove delivery, TestMetricFilter or the alarm history, and the
        // log group is still empty: exit 3, "not proven".
        let healthy = try checklist([stack.stackPath], expect: 3)
        XCTAssertEqual(healthy.filter { $0.value == "fail" }.keys.sorted(), [])
        XCTAssertEqual(healthy["trail.delivery"], "unknown")
        XCTAssertEqual(healthy["alarm.history"], "unknown")
        // The offline evaluator judges the filter where moto lacks TestMetricFilter.
        XCTAssertEqual(healthy["filter.matches"], "ok")
        // The real-time path's links, on the deployed rule and target.
        for id in ["rule.exists", "rule.state", "rule.matches", "rule.target", "topic.events_policy"] {
            XCTAssertEqual(healthy[id], "ok", id)
        }

        _ = try await stack.client.call(.cloudwatch, "PutMetricAlarm", [
            "AlarmName": .string(alarm), "Namespace": "SecMon", "MetricName": "SecretIsAccessed", "Statistic": "Average",
            "Period": 300, "EvaluationPeriods": 1, "Threshold": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "AlarmActions": [.string(topicArn)],
        ])
        let broken = try checklist([stack.stackPath], expect: 2)
        XCTAssertEqual(broken.filter { $0.value == "fail" }.keys.sorted(), ["alarm.can_fire"])
        // A plain ENABLED rule never sees GetSecretValue.
        let rule = try await stack.client.call(.events, "DescribeRule", ["Name": "secret-access-alarm-secret-read-now"])
        _ = try await stack.client.call(.events, "PutRule", ["Name": "secret-access-alarm-secret-read-now",
                                                              "EventPattern": rule["EventPattern"], "State": "ENABLED"])
        let plain = try checklist([stack.stackPath], expect: 2)
        XCTAssertEqual(plain["rule.state"], "fail")

        // Discovery from the secret alone finds the same trail and log group.
        let text = try stack.run(["doctor", "--secret", "TopSecretInfo"], expect: 2)
        XCTAssertTrue(text.stdout.contains("(pipeline discovered)"), text.all)
        XCTAssertTrue(text.stdout.contains("delivers to /secmon/secret-access-alarm/cloudtrail"), text.all)
        XCTAssertTrue(text.stdout.contains("alarm secret-access-alarm-secret-read watches SecMon/SecretIsAccessed"), text.all)
    }

    /// stacks/examples/two-secrets.yaml: one trail and log group, a filter, alarm, topic and
    /// subscription per secret. Doctor on each secret checks that secret's own chain, and doctor
    /// on the whole stack checks both chains apart: no false failure (filter.matches,
    /// alarm.metric, topic.subscriptions), and the evidence names its filter, alarm and topic,
    /// never the other's. A break in one chain (the db password's alarm on Average) is reported
    /// in that chain only.
    func testTwoSecretsEachChainIsCheckedApart() async throws {
        let example = LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/examples/two-secrets.yaml")
        try stack.writeStack(try String(contentsOf: example, encoding: .utf8))
        _ = try stack.apply()
        _ = try await stack.client.call(.cloudtrail, "StartLogging", ["Name": "two-secrets-trail"])
        let chains = [("top_secret", "TopSecretInfo", "top-secret", "db-password"), ("prod/db/password", "prod/db/password", "db-password", "top-secret")]
        func assertOwnChain(_ document: [String: Any], _ secret: String, _ name: String, _ own: String, _ other: String,
                            fails: [String] = [], line: UInt = #line) throws {
            XCTAssertTrue((document["subject"] as? String)?.contains("secret \(name) ") == true, "\(secret): \(document)", line: line)
            let checks = try XCTUnwrap(document["checks"] as? [[String: Any]], line: line)
            let status = Dictionary(uniqueKeysWithValues: checks.compactMap { c in (c["id"] as? String).map { ($0, c["status"] as? String ?? "") } })
            XCTAssertEqual(status.filter { $0.value == "fail" }.keys.sorted(), fails, "\(secret): \(checks)", line: line)
            XCTAssertEqual(status["filter.matches"], "ok", secret, line: line)
            XCTAssertEqual(status["alarm.metric"], "ok", secret, line: line)
            XCTAssertEqual(status["topic.subscriptions"], "ok", secret, line: line)
            let evidence = checks.compactMap { $0["evidence"] as? String }.joined(separator: "\n")
            XCTAssertTrue(evidence.contains("two-secrets-\(own)"), "\(secret): \(evidence)", line: line)
            XCTAssertFalse(evidence.contains("two-secrets-\(other)"), "\(secret): \(evidence)", line: line)
        }
        func doctor(_ arguments: [String], expect status: Int32) throws -> [String: Any] {
            let result = try stack.run(["doctor", stack.stackPath] + arguments + ["--json"], expect: status)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.all)
        }
        for (secret, name, own, other) in chains {
            try assertOwnChain(try doctor(["--secret", secret], expect: 3), secret, name, own, other)
        }
        // The whole stack: both chains, each checked apart (in the graph's order).
        func wholeStack(expect status: Int32) throws -> [String: [String: Any]] {
            let whole = try doctor([], expect: status)
            let documents = try XCTUnwrap(whole["chains"] as? [[String: Any]], "\(whole)")
            return Dictionary(uniqueKeysWithValues: documents.map { ($0["subject"] as? String ?? "", $0) })
        }
        func chain(_ documents: [String: [String: Any]], _ name: String) throws -> [String: Any] {
            try XCTUnwrap(documents["secret \(name) in us-east-1 (stack two-secrets)"], "\(documents.keys)")
        }
        let whole = try wholeStack(expect: 3)
        XCTAssertEqual(whole.count, 2)
        for (secret, name, own, other) in chains {
            try assertOwnChain(try chain(whole, name), secret, name, own, other)
        }
        let text = try stack.run(["doctor", stack.stackPath], expect: 3)
        XCTAssertTrue(text.stdout.contains("2 chains checked apart:"), text.all)

        // Break the db password's chain: its alarm averages, so one read never fires it.
        _ = try await stack.client.call(.cloudwatch, "PutMetricAlarm", [
            "AlarmName": "two-secrets-db-password-read", "Namespace": "SecMon", "MetricName": "DbPasswordRead", "Statistic": "Average",
            "Period": 300, "EvaluationPeriods": 1, "Threshold": 1.0, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:two-secrets-dba"],
        ])
        let broken = try wholeStack(expect: 2)
        try assertOwnChain(try chain(broken, "TopSecretInfo"), "top_secret", "TopSecretInfo", "top-secret", "db-password")
        try assertOwnChain(try chain(broken, "prod/db/password"), "prod/db/password", "prod/db/password", "db-password", "top-secret", fails: ["alarm.can_fire"])
        try assertOwnChain(try doctor(["--secret", "top_secret"], expect: 3), "top_secret", "TopSecretInfo", "top-secret", "db-password")
        try assertOwnChain(try doctor(["--secret", "prod/db/password"], expect: 2), "prod/db/password", "prod/db/password", "db-password", "top-secret",
                           fails: ["alarm.can_fire"])
    }

    /// who-read on the deployed stack: reads written to the stack's log group (one of the secret
    /// by full ARN, one of a near miss) come back through FilterLogEvents, the near miss not.
    func testWhoReadListsTheReadsInTheLogGroup() async throws {
        try await deploy()
        let described = try await stack.client.call(.secretsmanager, "DescribeSecret", ["SecretId": "TopSecretInfo"])
        let arn = try XCTUnwrap(described["ARN"].string)
        let group = "/secmon/secret-access-alarm/cloudtrail"
        _ = try await stack.client.call(.logs, "CreateLogStream", ["logGroupName": .string(group), "logStreamName": "who-read"])
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func record(_ id: String, _ user: String) -> AWSValue {
            .string(#"{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventTime":"2026-01-15T12:00:00Z","sourceIPAddress":"203.0.113.5","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/\#(user)"},"requestParameters":{"secretId":"\#(id)"}}"#)
        }
        _ = try await stack.client.call(.logs, "PutLogEvents", [
            "logGroupName": .string(group), "logStreamName": "who-read",
            "logEvents": [["timestamp": .integer(now - 2000), "message": record(arn, "alice")],
                          ["timestamp": .integer(now - 1000), "message": record("TopSecretInfoBackup", "bob")]],
        ])
        let result = try stack.run(["who-read", stack.stackPath, "--since", "1h", "--json"], expect: 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.all)
        XCTAssertEqual(object["source"] as? String, "logs:\(group)")
        let reads = try XCTUnwrap(object["reads"] as? [[String: Any]])
        XCTAssertEqual(reads.map { $0["principal"] as? String }, ["arn:aws:iam::123456789012:user/alice"], result.stdout)
        XCTAssertEqual(reads.first?["idForm"] as? String, "full ARN")
        let table = try stack.run(["who-read", stack.stackPath, "--since", "1h"], expect: 0)
        XCTAssertTrue(table.stdout.contains("1 read by 1 principal"), table.all)
    }

    /// who-read's third source, the trail's log files in S3: a gzip CloudTrail file written
    /// where CloudTrail writes it (AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/) holding a read
    /// of the secret by full ARN and a near miss. `--source s3` lists the day, reads the object and
    /// keeps the read; `--source auto` gets there by itself when the log group is gone and
    /// LookupEvents does not answer (moto lacks it: an HTML 500).
    func testWhoReadFromTheTrailsObjectsInS3() async throws {
        try await deploy()
        let described = try await stack.client.call(.secretsmanager, "DescribeSecret", ["SecretId": "TopSecretInfo"])
        let arn = try XCTUnwrap(described["ARN"].string)
        let now = Date()
        let formatter = ISO8601DateFormatter()
        func record(_ id: String, _ user: String) -> String {
            #"{"eventVersion":"1.09","eventSource":"secretsmanager.amazonaws.com","eventName":"GetSecretValue","awsRegion":"us-east-1","recipientAccountId":"123456789012","eventTime":"\#(formatter.string(from: now.addingTimeInterval(-600)))","eventID":"\#(UUID().uuidString)","sourceIPAddress":"203.0.113.5","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/\#(user)"},"requestParameters":{"secretId":"\#(id)"}}"#
        }
        let file = #"{"Records":["# + record(arn, "alice") + "," + record("TopSecretInfoBackup", "bob") + "]}"
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        gzip.standardInput = input
        gzip.standardOutput = output
        try gzip.run()
        input.fileHandleForWriting.write(Data(file.utf8))
        try input.fileHandleForWriting.close()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        XCTAssertEqual(ChildExit.wait(for: gzip), 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let day = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(-600))
        let key = String(format: "AWSLogs/123456789012/CloudTrail/us-east-1/%04d/%02d/%02d/123456789012_CloudTrail_us-east-1_x.json.gz",
                         day.year!, day.month!, day.day!)
        let bucket = "secret-access-alarm-trail-123456789012"
        // The trail bucket's policy denies requests without TLS, and moto enforces it; the local
        // endpoint speaks plain HTTP, so the policy is lifted to put and get the object.
        _ = try await stack.client.call(.s3, "DeleteBucketPolicy", ["Bucket": .string(bucket)])
        _ = try await stack.client.call(.s3, "PutObject", ["Bucket": .string(bucket), "Key": .string(key), "Body": .blob(compressed)])

        func reads(_ arguments: [String]) throws -> [String: Any] {
            let result = try stack.run(["who-read", stack.stackPath, "--since", "1h", "--json"] + arguments, expect: 0)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.all)
        }
        let chosen = try reads(["--source", "s3"])
        XCTAssertEqual(chosen["source"] as? String, "s3://\(bucket)/AWSLogs/123456789012/CloudTrail/us-east-1/")
        let listed = try XCTUnwrap(chosen["reads"] as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["principal"] as? String }, ["arn:aws:iam::123456789012:user/alice"], "\(chosen)")
        XCTAssertEqual(listed.first?["idForm"] as? String, "full ARN")

        _ = try await stack.client.call(.logs, "DeleteLogGroup", ["logGroupName": "/secmon/secret-access-alarm/cloudtrail"])
        let fallen = try reads([])
        XCTAssertEqual(fallen["source"] as? String, chosen["source"] as? String, "\(fallen)")
        XCTAssertEqual((fallen["reads"] as? [[String: Any]])?.count, 1)
        let notes = (fallen["notes"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(notes.contains("not found; reading CloudTrail event history instead"), notes)
        XCTAssertTrue(notes.contains("reading the trail's log files in S3 instead"), notes)
    }

    func testDrillStopsWhereTheEndpointStopsAndCleansUp() async throws {
        try await deploy()
        let result = try stack.run(["drill", stack.stackPath, "--from", "alarm", "--timeout", "3s"], expect: 2)
        XCTAssertTrue(result.stdout.contains("alarm in ALARM"), result.all)
        XCTAssertTrue(result.stdout.contains("stopped before \"notification delivered\""), result.all)
        XCTAssertTrue(result.stdout.contains("removed queue"), result.all)
        XCTAssertTrue(result.stdout.contains("real-time path (rule secret-access-alarm-secret-read-now): not observable: only a real read (--from secret)"), result.all)
        try await assertNoDrillSubscription()
    }

    /// --from secret on the example stack times the real-time path beside the alarm path. moto
    /// records no CloudTrail event and delivers nothing to a rule's SNS target (PutEvents then
    /// answers 500), so the test publishes the rule's rendered message to the topic itself, as
    /// EventBridge would; the drill sees it on its queue. The alarm path stops at "event in log
    /// group" (moto delivers no trail logs): exit 2.
    func testDrillTimesTheRealTimePathBesideTheAlarmPath() async throws {
        try await deploy()
        let running = try stack.secmon.start(["drill", stack.stackPath, "--from", "secret", "--timeout", "25s"])
        var subscribed = false
        for _ in 0..<300 where !subscribed {
            subscribed = try await drillSubscriptions() > 0
            if !subscribed { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        XCTAssertTrue(subscribed, "the drill never subscribed its queue")
        try await Task.sleep(nanoseconds: 1_000_000_000)
        _ = try await stack.client.call(.sns, "Publish", [
            "TopicArn": .string(topicArn),
            "Message": "Secret read: TopSecretInfo (GetSecretValue) in account 123456789012, us-east-1\nWho:   arn:aws:iam::123456789012:user/moto (IAMUser)",
        ])
        let result = running.wait()
        XCTAssertEqual(result.status, 2, result.all)
        XCTAssertTrue(result.stdout.contains("and the real-time path: rule secret-access-alarm-secret-read-now -> \(topicArn)"), result.all)
        XCTAssertTrue(result.stdout.contains("real-time message delivered"), result.all)
        XCTAssertTrue(result.stdout.contains("real-time path (rule secret-access-alarm-secret-read-now -> topic): message delivered"), result.all)
        XCTAssertTrue(result.stdout.contains("stopped before \"event in log group\""), result.all)
        XCTAssertTrue(result.stdout.contains("removed queue"), result.all)
        try await assertNoDrillSubscription()
    }

    func testCtrlCStopsTheDrillAndCleansUp() async throws {
        try await deploy()
        let running = try stack.secmon.start(["drill", stack.stackPath, "--from", "alarm", "--timeout", "10m"])
        // Interrupt once the drill has subscribed its queue (its SIGINT handler is set by then).
        var subscribed = false
        for _ in 0..<300 where !subscribed {
            subscribed = try await drillSubscriptions() > 0
            if !subscribed { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        XCTAssertTrue(subscribed, "the drill never subscribed its queue")
        kill(running.process.processIdentifier, SIGINT)
        let result = running.wait()
        XCTAssertEqual(result.status, 2, result.all)
        XCTAssertTrue(result.stdout.contains("interrupted while waiting for"), result.all)
        XCTAssertTrue(result.stdout.contains("removed queue"), result.all)
        try await assertNoDrillSubscription()
    }

    func drillSubscriptions() async throws -> Int {
        let reply = try await stack.client.call(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topicArn)])
        return reply["Subscriptions"].list.filter { $0["Protocol"].string == "sqs" }.count
    }

    func assertNoDrillSubscription(file: StaticString = #filePath, line: UInt = #line) async throws {
        let count = try await drillSubscriptions()
        XCTAssertEqual(count, 0, "the drill left its subscription behind", file: file, line: line)
    }
}
