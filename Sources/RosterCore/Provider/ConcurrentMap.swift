/// Runs `body` over `items` with at most `limit` running at once (per-object reads of an API that
/// has no bulk read); the results come back in the order of `items`. The first error cancels the rest.
public func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], limit: Int, _ body: @escaping @Sendable (T) async throws -> R
) async throws -> [R] {
    try await withThrowingTaskGroup(of: (Int, R).self) { group in
        var results = [R?](repeating: nil, count: items.count)
        var next = 0
        while next < min(max(1, limit), items.count) {
            let i = next
            group.addTask { (i, try await body(items[i])) }
            next += 1
        }
        while let (i, result) = try await group.next() {
            results[i] = result
            if next < items.count {
                let j = next
                group.addTask { (j, try await body(items[j])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
