import Foundation
import SecmonApply

/// Collects progress events from the executor's callback.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ApplyEvent] = []

    var events: [ApplyEvent] { lock.withLock { stored } }
    var callback: @Sendable (ApplyEvent) -> Void { { [self] event in lock.withLock { stored.append(event) } } }
}
