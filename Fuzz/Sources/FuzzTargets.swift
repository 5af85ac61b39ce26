import Foundation
import SecmonAlerts
import SecmonCore
import SecmonStack

/// The code a fuzzer drives: each target takes arbitrary bytes, runs one piece of secmon that
/// reads user input, and must return without crashing, hanging or holding unbounded memory,
/// whatever the bytes (docs/fuzzing.md). Errors are fine: they are what bad input should get.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "stack": stack,
        "filter": filter,
        "logreader": logReader,
        "gzip": gzip,
        "eventpattern": eventPattern,
    ]

    /// A stack file: parse, validate, lint, and run its tests (when they read no files: a
    /// fuzzer would name /dev/zero).
    static func stack(_ bytes: [UInt8]) {
        let path = scratchDirectory + "/stack.yaml"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        let result = StackLoader.load(path: path, checkers: AlertStackChecks.all)
        guard let stack = result.stack, !result.hasErrors, !bytes.contains(subsequence: Array("file".utf8)) else { return }
        _ = StackTestSuite.run(stack)
    }

    /// A filter pattern on the first line, a metric value on the second, log events after.
    static func filter(_ bytes: [UInt8]) {
        let lines = bytes.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
        guard let first = lines.first else { return }
        let pattern = String(decoding: first, as: UTF8.self)
        guard let parsed = try? FilterPattern(pattern) else { return }
        let metricValue = lines.count > 1 ? String(decoding: lines[1], as: UTF8.self) : "1"
        let filter = (try? MetricFilter(pattern: parsed, metricValue: metricValue, defaultValue: 0))
            ?? (try? MetricFilter(pattern: parsed, metricValue: "1", defaultValue: 0))
        guard lines.count > 2, let filter else { return }
        let events = (try? LogEventReader.events(in: MemoryByteSource(Array(lines[2])), format: .lines)) ?? []
        for event in events {
            _ = parsed.match(event)
            _ = filter.emission(for: event)
        }
    }

    /// An EventBridge event pattern on the first line, an event (JSON) after it.
    static func eventPattern(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let pattern = try? EventPattern(String(decoding: first, as: UTF8.self)) else { return }
        _ = pattern.matches(json: parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : "{}")
    }

    /// Any input `test-pattern` and `backtest` read, in every format.
    static func logReader(_ bytes: [UInt8]) {
        for format in [nil, LogEventReader.Format.lines, .jsonArray, .cloudTrailFile] {
            _ = try? LogEventReader.events(in: MemoryByteSource(bytes), format: format)
        }
    }

    /// Gzip streams, read to their end a chunk at a time without keeping the output.
    static func gzip(_ bytes: [UInt8]) {
        guard var inflater = try? GzipByteSource(MemoryByteSource(bytes)) else { return }
        while let chunk = try? inflater.read(maxCount: 64 * 1024), !chunk.isEmpty {}
    }

    static let scratchDirectory: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return subsequence.isEmpty }
        return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
    }
}
