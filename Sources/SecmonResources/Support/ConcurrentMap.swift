/// Maps `items` through `transform` with at most `limit` running at once, keeping order.
func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], limit: Int,
                                             _ transform: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    if items.isEmpty { return [] }
    return try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        func startNext() {
            let index = next
            let item = items[index]
            group.addTask { (index, try await transform(item)) }
            next += 1
        }
        while next < min(max(limit, 1), items.count) { startNext() }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count { startNext() }
        }
        return results.compactMap { $0 }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { Array(self[$0 ..< Swift.min($0 + size, count)]) }
    }
}
