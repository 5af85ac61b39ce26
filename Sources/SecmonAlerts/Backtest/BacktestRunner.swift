import Foundation

/// One input of a backtest: a local file or an S3 object, loaded when a worker takes it.
public struct BacktestInput: Sendable {
    public var name: String
    /// Named on its own by the user: not being CloudTrail is then an error, not a skip.
    public var explicit: Bool
    public var load: @Sendable () async throws -> [UInt8]

    public init(name: String, explicit: Bool = false, load: @escaping @Sendable () async throws -> [UInt8]) {
        self.name = name
        self.explicit = explicit
        self.load = load
    }

    /// A local file, refused before reading when it is larger than `limit` bytes.
    public static func file(_ path: String, explicit: Bool = false, limit: Int = CloudTrailFile.defaultSizeLimit) -> BacktestInput {
        BacktestInput(name: path, explicit: explicit) {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= limit else { throw BacktestError(CloudTrailFile.tooLarge(limit)) }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw BacktestError("cannot open it for reading") }
            defer { try? handle.close() }
            return [UInt8](try handle.readToEnd() ?? Data())
        }
    }
}

/// Runs a backtest over many inputs on `jobs` workers: each worker loads, inflates, scans and
/// matches one file at a time, so memory holds at most `jobs` files (each at most the size
/// limit once inflated) plus the per-10-second statistics. Results are merged in input order.
public enum BacktestRunner {
    public struct Options: Sendable {
        public var jobs: Int
        public var keepGoing: Bool
        public var sizeLimit: Int

        public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, keepGoing: Bool = false,
                    sizeLimit: Int = CloudTrailFile.defaultSizeLimit) {
            self.jobs = max(1, jobs)
            self.keepGoing = keepGoing
            self.sizeLimit = sizeLimit
        }
    }

    /// Stops at the first failed input in input order (with its name) unless `keepGoing`.
    public static func run(_ inputs: [BacktestInput], plan: BacktestPlan, window: BacktestWindow,
                           options: Options) async throws(BacktestError) -> BacktestTotals {
        var totals = BacktestTotals(filterCount: plan.filters.count)
        let stop: BacktestError? = await withTaskGroup(of: (Int, BacktestFileResult).self) { group in
            var launched = 0
            var merged = 0
            var finished: [Int: BacktestFileResult] = [:]
            func launch(_ group: inout TaskGroup<(Int, BacktestFileResult)>) {
                let index = launched
                let input = inputs[index]
                launched += 1
                group.addTask {
                    let raw: [UInt8]
                    do { raw = try await input.load() } catch {
                        let reason = (error as? BacktestError)?.message ?? "\(error)"
                        return (index, BacktestFileResult(name: input.name, outcome: .failed(reason), filterCount: plan.filters.count))
                    }
                    return (index, BacktestFileResult.scan(raw, name: input.name, index: index, plan: plan, window: window,
                                                           sizeLimit: options.sizeLimit))
                }
            }
            while launched < min(options.jobs, inputs.count) { launch(&group) }
            while let (index, result) = await group.next() {
                finished[index] = result
                while let next = finished.removeValue(forKey: merged) {
                    let input = inputs[merged]
                    switch next.outcome {
                    case .failed(let reason) where !options.keepGoing:
                        group.cancelAll()
                        return BacktestError("\(input.name): \(reason) (--keep-going reports such files and reads the rest)")
                    case .skipped(let reason) where input.explicit:
                        group.cancelAll()
                        return BacktestError("\(input.name): \(reason)")
                    default:
                        totals.merge(next)
                    }
                    merged += 1
                }
                if launched < inputs.count { launch(&group) }
            }
            return nil
        }
        if let stop { throw stop }
        return totals
    }
}
