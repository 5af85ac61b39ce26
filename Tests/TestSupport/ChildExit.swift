import Foundation

/// Waits for a child process without relying on Foundation's exit monitor, which on Linux can
/// miss a child's exit when called from an async test (the child stays a zombie and
/// `waitUntilExit()` never returns).
public enum ChildExit {
    /// The child's exit status (128 + signal number when killed by a signal).
    public static func wait(for process: Process) -> Int32 {
        wait(for: process, timeout: nil)!
    }

    /// The child's exit status, or nil when it is still running after `timeout`.
    public static func wait(for process: Process, timeout: Duration?) -> Int32? {
        let pid = process.processIdentifier
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if reaped == -1 {
                // Foundation reaped it first; it records the status.
                while process.isRunning {
                    if let deadline, ContinuousClock.now >= deadline { return nil }
                    usleep(1_000)
                }
                return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus
                    : process.terminationStatus
            }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            usleep(5_000)
        }
    }
}
