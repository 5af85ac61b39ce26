import AWSClient
import Foundation
import TestSupport
import Testing

/// The unit tests' one fake AWS checks every request and reply against the embedded models.
/// These fakes do not fail the test themselves (`failsTestOnMismatch: false`) so that the error
/// and the recorded mismatch can be checked; the last test checks that, by default, they do.
@Suite struct FakeAWSTests {
    private func quiet() -> FakeAWS { FakeAWS(failsTestOnMismatch: false) }

    /// The error a call throws (nil when it succeeds).
    private func failure(_ aws: FakeAWS, _ service: AWSService, _ operation: String, _ input: AWSValue) async -> AWSError? {
        do {
            _ = try await aws.call(service, operation, input)
            return nil
        } catch {
            return error as? AWSError
        }
    }

    @Test func aValidCallIsRecordedAndAnsweredFromTheScript() async throws {
        let aws = quiet()
        aws.on(.logs, "DescribeLogGroups", reply: ["logGroups": [["logGroupName": "trail-logs", "retentionInDays": 90]]])
        let reply = try await aws.call(.logs, "DescribeLogGroups", ["logGroupNamePrefix": "trail"])
        #expect(reply["logGroups"][0]["logGroupName"].string == "trail-logs")
        // Unscripted: the empty reply.
        #expect(try await aws.call(.logs, "CreateLogGroup", ["logGroupName": "trail-logs"]) == .map([:]))
        #expect(aws.operations == ["logs.DescribeLogGroups", "logs.CreateLogGroup"])
        #expect(aws.inputs(.logs, "CreateLogGroup") == [["logGroupName": "trail-logs"]])
        #expect(aws.mismatches.isEmpty)
    }

    @Test func aMisspeltInputMemberIsCaught() async throws {
        let aws = quiet()
        let error = try #require(await failure(aws, .logs, "CreateLogGroup", ["LogGroupName": "trail-logs"]))
        #expect(error.kind == .validation)
        #expect(error.message.contains("LogGroupName is not a member of CreateLogGroupRequest; did you mean logGroupName?"))
        #expect(error.message.contains("logGroupName is required but missing"))
        #expect(aws.mismatches.count == 1)
    }

    @Test func aMissingRequiredMemberAndAWrongTypeAreCaught() async throws {
        let aws = quiet()
        let missing = try #require(await failure(aws, .cloudwatch, "DescribeAlarmsForMetric", ["MetricName": "Reads"]))
        #expect(missing.message.contains("Namespace is required but missing"))
        let wrongType = try #require(await failure(aws, .logs, "PutRetentionPolicy",
                                                   ["logGroupName": "trail-logs", "retentionInDays": "90"]))
        #expect(wrongType.message.contains("retentionInDays must be an integer, not a string"))
        #expect(aws.mismatches.count == 2)
    }

    @Test func anUnknownOperationIsCaught() async throws {
        let aws = quiet()
        let error = try #require(await failure(aws, .logs, "CreateLogGroups", ["logGroupName": "trail-logs"]))
        #expect(error.code == "UnknownOperation")
        #expect(aws.mismatches == ["FakeAWS: logs CreateLogGroups: secmon's model of logs has no operation CreateLogGroups"])
    }

    @Test func aScriptedReplyMemberTheModelLacksIsCaught() async throws {
        let aws = quiet()
        aws.on(.logs, "DescribeLogGroups", reply: ["logGroups": [["LogGroupName": "trail-logs"]]])
        let error = try #require(await failure(aws, .logs, "DescribeLogGroups", [:]))
        #expect(error.code == "ReplyNotInModel")
        #expect(error.message.contains("logGroups.0.LogGroupName is not a member of LogGroup; did you mean logGroupName?"))
    }

    @Test func aScriptedReplyOfTheWrongTypeIsCaught() async throws {
        let aws = quiet()
        // The client decodes a double shape to .double; an integer literal is not what it returns.
        aws.on(.cloudwatch, "DescribeAlarms", reply: ["MetricAlarms": [["AlarmName": "reads", "Threshold": 1]]])
        let error = try #require(await failure(aws, .cloudwatch, "DescribeAlarms", [:]))
        #expect(error.message.contains("MetricAlarms.0.Threshold"))
        #expect(error.message.contains("must be a number (.double), not .integer(1)"))
        // An operation without output takes no reply members at all.
        aws.on(.logs, "CreateLogGroup", reply: ["logGroupName": "x"])
        #expect(await failure(aws, .logs, "CreateLogGroup", ["logGroupName": "x"])?.code == "ReplyNotInModel")
    }

    @Test func scriptedErrorsAndQueuedRepliesComeInOrder() async throws {
        let aws = quiet()
        aws.once(.iam, "GetRole", error: "NoSuchEntity", status: 404)
        aws.on(.iam, "GetRole", reply: ["Role": ["RoleName": "r", "Arn": "arn:aws:iam::123456789012:role/r"]])
        let first = try #require(await failure(aws, .iam, "GetRole", ["RoleName": "r"]))
        #expect(first.code == "NoSuchEntity" && first.status == 404 && first.kind == .service)
        #expect(try await aws.call(.iam, "GetRole", ["RoleName": "r"])["Role"]["RoleName"].string == "r")
        #expect(aws.mismatches.isEmpty)
    }

    /// By default a mismatch fails the running test even when the code under test swallows the
    /// error: without the check, no issue is recorded and `withKnownIssue` fails this test.
    @Test func aMismatchFailsTheRunningTestEvenWhenTheErrorIsCaught() async {
        let aws = FakeAWS()
        await withKnownIssue {
            _ = try? await aws.call(.logs, "CreateLogGroup", ["LogGroupName": "trail-logs"])
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("did you mean logGroupName?") }
        }
    }
}
