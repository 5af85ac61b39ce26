import Foundation

/// Time as the drill sees it: reading the time and waiting. Tests substitute a clock that
/// advances instantly, so no test really waits.
public protocol DrillClock: Sendable {
    func now() -> Date
    /// Waits `seconds`; throws `CancellationError` when the task is cancelled (Ctrl-C).
    func sleep(seconds: Double) async throws
}

/// The wall clock.
public struct SystemDrillClock: DrillClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}
