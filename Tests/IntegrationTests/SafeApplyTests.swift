import AWSClient
import Foundation
import TestSupport
import XCTest

/// Issue 11: everything knowable before the first write is checked before it, and an apply
/// that is interrupted or races another one says exactly that. Through the real binary, with
/// a counting proxy in front of the local endpoint to prove what was (not) sent.
final class SafeApplyTests: LocalEndpointTestCase {
    private var stack: StackFixture!
    private var proxy: FaultProxy?

    override func setUpWithError() throws {
        stack = try StackFixture(sharedEndpoint: try localEndpoint())
    }

    override func tearDown() {
        proxy?.stop()
        stack?.tearDown()
    }

    /// Sends the binary through a counting proxy (with `delay` per request).
    private func countRequests(delayMilliseconds: Int = 0) throws -> FaultProxy {
        let started = try FaultProxy.start(inFrontOf: stack.endpoint, delayMilliseconds: delayMilliseconds)
        proxy = started
        stack.secmon.environment.merge(started.environment(from: stack.endpoint)) { _, new in new }
        return started
    }

    /// Operations that change the account among those the proxy saw (S3's are named by method).
    private func writes(_ proxy: FaultProxy) throws -> [String] {
        let readPrefixes = ["Describe", "List", "Get", "Head", "s3:GET ", "s3:HEAD "]
        return try proxy.operationCounts().keys.filter { op in !readPrefixes.contains { op.hasPrefix($0) } }.sorted()
    }

    // 1. A missing value source is found at plan time, before any write.

    func testAnUnsetValueVariableStopsPlanAndApplyBeforeAnyWrite() throws {
        let proxy = try countRequests()
        stack.secmon.environment["TOP_SECRET_INFO"] = nil
        for command in [["plan", stack.stackPath], ["apply", stack.stackPath, "--auto-approve"]] {
            let run = try stack.run(command, expect: 1)
            XCTAssertTrue(run.stderr.contains("stack.yaml:30:5: error: top_secret.value: environment variable TOP_SECRET_INFO is not set"),
                          run.all)
        }
        XCTAssertEqual(try writes(proxy), [], "not one write request may reach the account")
    }

    func testAMissingValueFileStopsApplyBeforeAnyWrite() throws {
        let proxy = try countRequests()
        try stack.editStack(replacing: "from_env: ${var.secret_env}", with: "from_file: secret.txt")
        let run = try stack.run(["apply", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertTrue(run.stderr.contains("top_secret.value: cannot read file"), run.all)
        XCTAssertTrue(run.stderr.contains("secret.txt"), run.all)
        XCTAssertEqual(try writes(proxy), [])
    }

    func testAValueTooBigForSecretsManagerStopsApplyBeforeAnyWrite() throws {
        let proxy = try countRequests()
        stack.secmon.environment["TOP_SECRET_INFO"] = String(repeating: "x", count: 65537)
        let run = try stack.run(["apply", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertTrue(run.stderr.contains("environment variable TOP_SECRET_INFO holds 65537 bytes; Secrets Manager takes at most 65536"),
                      run.all)
        XCTAssertEqual(try writes(proxy), [])
    }

    // 2. Adopting an existing secret never overwrites its value; the plan says so.

    func testAdoptingAnExistingSecretKeepsItsValueUntilTheVersionIsBumped() async throws {
        _ = try await stack.client.call(.secretsmanager, "CreateSecret", ["Name": "TopSecretInfo", "SecretString": "old"])
        // The versions the secret holds: a written value would add one (the value itself is
        // never read, by secmon or here).
        func versions() async throws -> String {
            "\(try await stack.client.call(.secretsmanager, "DescribeSecret", ["SecretId": "TopSecretInfo"])["VersionIdsToStages"])"
        }
        let before = try await versions()
        XCTAssertTrue(before.contains("AWSCURRENT"), before)
        let proxy = try countRequests()
        let plan = try stack.plan(["--adopt"], expect: 2)
        XCTAssertTrue(plan.stdout.contains("# value: kept as it is: adopting never overwrites it"), plan.all)
        try stack.apply(["--adopt"])
        XCTAssertEqual(try proxy.operationCounts()["PutSecretValue"], nil, "adopting wrote the secret's value")
        let after = try await versions()
        XCTAssertEqual(after, before, "the secret still holds only the value it had")
        XCTAssertTrue(try stack.plan(expect: 0).stdout.contains("No changes."))

        try stack.editStack(replacing: "value_version: 1", with: "value_version: 2")
        let bumped = try stack.plan(expect: 2)
        XCTAssertTrue(bumped.stdout.contains("# value: will be written"), bumped.all)
        try stack.apply()
        XCTAssertEqual(try proxy.operationCounts()["PutSecretValue"], 1, "a bumped version writes it")
    }

    // 5. Lint warnings are printed by plan and apply; --strict makes them errors.

    func testLintWarningsShowInPlanAndApplyAndStrictMakesThemErrors() throws {
        let proxy = try countRequests()
        try stack.editStack(replacing: "statistic: Sum", with: "statistic: Average")
        let plan = try stack.plan(expect: 2)
        XCTAssertTrue(plan.stderr.contains("warning:") && plan.stderr.contains("[SM101]"), plan.all)
        try stack.run(["plan", stack.stackPath, "--strict"], expect: 1)
        let strict = try stack.run(["apply", stack.stackPath, "--auto-approve", "--strict"], expect: 1)
        XCTAssertTrue(strict.stderr.contains("[SM101]") && strict.stderr.contains("--strict"), strict.all)
        XCTAssertEqual(try writes(proxy), [])
    }

    // 9. apply runs the whole of validate first.

    func testABrokenTestsEntryStopsApplyBeforeAnyRequest() throws {
        let proxy = try countRequests()
        try stack.editStack(replacing: "expect: {match: true, value: 1}", with: "expect: {match: perhaps}")
        try stack.run(["validate", stack.stackPath], expect: 1)
        let apply = try stack.run(["apply", stack.stackPath, "--auto-approve"], expect: 1)
        XCTAssertTrue(apply.stderr.contains("error:"), apply.all)
        XCTAssertEqual(try proxy.operationCounts(), [:], "nothing is sent for an invalid stack")
    }

    // 6. References carry the attribute's type.

    func testANameWhereAnARNBelongsIsRefusedBeforeAnyRequest() throws {
        let proxy = try countRequests()
        try stack.editStack(replacing: #"alarm_actions: [ "${alerts.arn}" ]"#, with: #"alarm_actions: [ "${alerts.name}" ]"#)
        let plan = try stack.run(["plan", stack.stackPath], expect: 1)
        XCTAssertTrue(plan.stderr.contains("alarm_actions[0] of alarm 'secret_read_alarm' needs an ARN, but ${alerts.name} is the topic's name: write ${alerts.arn}"),
                      plan.all)
        XCTAssertEqual(try proxy.operationCounts(), [:])
    }

    // 7. Ctrl-C: nothing new starts, the running steps finish, the summary is printed, exit 130.

    func testCtrlCStopsStartingStepsWaitsForTheRunningOnesAndExits130() throws {
        // A slow account, one step at a time: the interrupt lands while the first steps run.
        let proxy = try countRequests(delayMilliseconds: 150)
        let running = try stack.secmon.start(["apply", stack.stackPath, "--auto-approve", "--parallelism", "1"])
        var waited = 0
        while try writes(proxy).isEmpty, waited < 300 {
            usleep(50_000)
            waited += 1
        }
        running.process.interrupt()
        let result = running.wait()
        XCTAssertEqual(result.status, 130, result.all)
        XCTAssertTrue(result.stdout.contains("Apply interrupted:"), result.all)
        XCTAssertTrue(result.stdout.contains("(stopped before its turn)"), result.all)
        XCTAssertTrue(result.stderr.contains("interrupted: starting nothing new"), result.all)

        // What it reported done is done: a second apply finishes the job.
        stack.secmon.environment = stack.endpoint.environment.merging(["TOP_SECRET_INFO": StackFixture.secretValue]) { _, new in new }
        try stack.apply()
        let after = try stack.plan(expect: 0)
        XCTAssertTrue(after.stdout.contains("No changes."), after.all)
    }

    // 8. Two applies at once: the loser says another apply is running, not an AWS error.

    func testTwoAppliesAtOnceTheLoserSaysAnotherApplyIsRunning() throws {
        _ = try countRequests(delayMilliseconds: 30)
        let first = try stack.secmon.start(["apply", stack.stackPath, "--auto-approve"])
        let second = try stack.secmon.start(["apply", stack.stackPath, "--auto-approve"])
        let results = [first.wait(), second.wait()]
        for result in results {
            XCTAssertFalse(result.all.contains("AlreadyExists") || result.all.contains("ResourceExistsException"), result.all)
            if result.status != 0 {
                XCTAssertTrue(result.all.contains("another apply of stack secret-access-alarm is running (or just finished)"),
                              result.all)
            }
        }
        try stack.apply()
        try stack.plan(expect: 0)
    }
}
