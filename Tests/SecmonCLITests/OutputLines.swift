import Foundation

/// Collects output lines from a command run in-process (its writers are `@Sendable`).
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    @Sendable func append(_ line: String) { lock.withLock { lines.append(line) } }
}
