import AWSClient
import Foundation
import TestSupport
import XCTest

/// Apply under injected faults, and apply killed with SIGKILL then run again: both must
/// converge, with no duplicates and no "not owned" error for what secmon itself created.
/// Seeds are fixed, so a failure reproduces.
final class ResilienceTests: XCTestCase {
    private var stack: StackFixture!
    private var proxy: FaultProxy!

    override func setUpWithError() throws { stack = try StackFixture() }
    override func tearDown() {
        proxy?.stop()
        stack?.tearDown()
    }

    func testApplyConvergesWithOneRequestInFiveFailing() throws {
        proxy = try FaultProxy.start(inFrontOf: stack.endpoint, faultRate: 0.2, seed: 7)
        let secmon = secmonThroughProxy()
        // Each run's retries absorb most faults; a request that fails all its attempts fails
        // that run, and the next run picks up from what is done. Converging may take a few.
        var converged = false
        var outputs: [String] = []
        for _ in 0..<4 where !converged {
            let run = try secmon.run(["apply", stack.stackPath, "--auto-approve"])
            outputs.append(run.all)
            converged = run.status == 0
            XCTAssertFalse(run.all.contains("already exists and"), "apply tripped over its own resource:\n\(run.all)")
        }
        XCTAssertTrue(converged, "apply did not converge in 4 runs:\n\(outputs.joined(separator: "\n---\n"))")
        try proxy.setFaultRate(0)
        let plan = try secmon.run(["plan", stack.stackPath, "--detailed-exitcode"])
        XCTAssertEqual(plan.status, 0, plan.all)
        XCTAssertTrue(plan.stdout.contains("No changes."), plan.all)
        try assertNoDuplicates()
        XCTAssertNil(try proxy.operationCounts()["GetSecretValue"], "GetSecretValue was sent")
    }

    func testApplyKilledMidwayThenRunAgainConverges() throws {
        // A delay per request stretches apply so that the kills land inside it.
        proxy = try FaultProxy.start(inFrontOf: stack.endpoint, delayMilliseconds: 40)
        let secmon = secmonThroughProxy()
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3 {
            let running = try secmon.start(["apply", stack.stackPath, "--auto-approve"])
            usleep(UInt32.random(in: 200_000...1_200_000, using: &generator))
            running.kill()
            _ = running.wait()
        }
        let final = try secmon.run(["apply", stack.stackPath, "--auto-approve"])
        XCTAssertEqual(final.status, 0, final.all)
        XCTAssertFalse(final.all.contains("already exists and"), final.all)
        let plan = try secmon.run(["plan", stack.stackPath, "--detailed-exitcode"])
        XCTAssertEqual(plan.status, 0, plan.all)
        try assertNoDuplicates()
    }

    // MARK: - Helpers

    private func secmonThroughProxy() -> SecmonProcess {
        var env = proxy.environment(from: stack.endpoint)
        env["TOP_SECRET_INFO"] = StackFixture.secretValue
        return SecmonProcess(environment: env, currentDirectory: stack.directory)
    }

    /// One of each thing the example stack makes (listing through the API, past the proxy).
    private func assertNoDuplicates(file: StaticString = #filePath, line: UInt = #line) throws {
        let aws = stack.client
        let result = try runBlocking {
            let topic = "arn:aws:sns:us-east-1:123456789012:SecurityAlarms"
            let subscriptions = try await aws.call(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topic)])
            let trails = try await aws.call(.cloudtrail, "DescribeTrails", [:])
            let filters = try await aws.call(.logs, "DescribeMetricFilters",
                                             ["logGroupName": "/secmon/secret-access-alarm/cloudtrail"])
            let secrets = try await aws.call(.secretsmanager, "ListSecrets", [:])
            // Metric filters by name: PutMetricFilter replaces a filter of the same name in AWS,
            // but moto appends one per call, so a put retried after a lost reply shows twice there.
            let filterNames = Set(filters["metricFilters"].list.compactMap { $0["filterName"].string })
            return [subscriptions["Subscriptions"].list.count, trails["trailList"].list.count,
                    filterNames.count, secrets["SecretList"].list.count]
        }
        XCTAssertEqual(result, [1, 1, 1, 1], "subscriptions, trails, metric filters, secrets", file: file, line: line)
    }

    private func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
