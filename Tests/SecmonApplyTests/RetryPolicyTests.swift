@testable import SecmonApply
import Testing

@Suite struct RetryPolicyTests {
    struct Flaky: Error {}
    actor Counter {
        var calls = 0
        func next() -> Int { calls += 1; return calls }
    }

    @Test func aRetryableFailureIsTriedAgainUpToTheLimit() async throws {
        let counter = Counter()
        let policy = RetryPolicy(maxAttempts: 3, delay: .zero) { $0 is Flaky }
        let result = try await policy.run { () async throws -> Int in
            let call = await counter.next()
            if call < 3 { throw Flaky() }
            return call
        }
        #expect(result == 3)
    }

    @Test func anotherFailureIsNotRetried() async {
        let counter = Counter()
        let policy = RetryPolicy(maxAttempts: 3, delay: .zero) { $0 is Flaky }
        await #expect(throws: CancellationError.self) {
            try await policy.run { () async throws -> Int in
                _ = await counter.next()
                throw CancellationError()
            }
        }
        #expect(await counter.calls == 1)
    }
}
