// Concurrency helpers for reads that fan out. A failure in one branch does not cancel the
// others: every branch runs to its end and the first error (in input order) is thrown
// afterwards, so which error a plan reports does not depend on which call failed first.

/// Maps `items` through `transform` with at most `limit` running at once, keeping order.
func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], limit: Int,
                                             _ transform: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    if items.isEmpty { return [] }
    let results = await withTaskGroup(of: (Int, Result<R, any Error>).self) { group in
        var results = [Result<R, any Error>?](repeating: nil, count: items.count)
        var next = 0
        func startNext() {
            let index = next
            let item = items[index]
            group.addTask { (index, await outcome { try await transform(item) }) }
            next += 1
        }
        while next < min(max(limit, 1), items.count) { startNext() }
        while let (index, result) = await group.next() {
            results[index] = result
            if next < items.count { startNext() }
        }
        return results
    }
    return try results.map { result in
        guard let result else { throw CancellationError() }
        return try result.get()
    }
}

/// Runs two calls at once and waits for both before returning or throwing.
func concurrently<A: Sendable, B: Sendable>(_ first: @escaping @Sendable () async throws -> A,
                                           _ second: @escaping @Sendable () async throws -> B) async throws -> (A, B) {
    async let a = outcome(first)
    async let b = outcome(second)
    let (ra, rb) = await (a, b)
    return (try ra.get(), try rb.get())
}

/// A call's result or error, as a value.
func outcome<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { Array(self[$0 ..< Swift.min($0 + size, count)]) }
    }
}
