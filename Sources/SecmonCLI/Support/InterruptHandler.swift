import Dispatch
import Foundation

/// Turns Ctrl-C into a call of `onInterrupt` (the drill cancels its task and cleans up) instead
/// of killing the process. A second Ctrl-C exits at once, leaving cleanup undone.
final class InterruptHandler: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0

    init(onInterrupt: @escaping @Sendable () -> Void, onSecondInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            let seen = self.lock.withLock { () -> Int in
                self.count += 1
                return self.count
            }
            if seen == 1 { onInterrupt() } else { onSecondInterrupt() }
        }
        source.resume()
    }

    /// Restores the default Ctrl-C behaviour.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
