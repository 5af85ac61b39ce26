import AWSClient
import Foundation
import TestSupport
import XCTest

/// The example stack deployed on a fresh local endpoint, run through the real binary.
final class StackFixture {
    static let secretValue = "s3cr3t-value-\(UUID().uuidString)"

    let endpoint: LocalEndpoint
    let client: AWSClient
    let directory: URL
    var secmon: SecmonProcess
    /// Whether this fixture started the endpoint (and stops it).
    private let ownsEndpoint: Bool

    /// On a fresh endpoint of its own, or on `shared` (a test class's, emptied first).
    init(sharedEndpoint shared: LocalEndpoint? = nil) throws {
        if let shared {
            try shared.reset()
            endpoint = shared
        } else {
            endpoint = try LocalEndpoint.start()
        }
        ownsEndpoint = shared == nil
        client = try endpoint.makeClient()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-stack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let example = LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml")
        try String(contentsOf: example, encoding: .utf8)
            .write(to: directory.appendingPathComponent("stack.yaml"), atomically: true, encoding: .utf8)
        var env = endpoint.environment
        env["TOP_SECRET_INFO"] = Self.secretValue
        secmon = SecmonProcess(environment: env, currentDirectory: directory)
    }

    var stackPath: String { directory.appendingPathComponent("stack.yaml").path }

    func writeStack(_ text: String) throws {
        try text.write(to: directory.appendingPathComponent("stack.yaml"), atomically: true, encoding: .utf8)
    }

    /// Rewrites the stack file with one textual replacement (which must apply).
    func editStack(replacing old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try String(contentsOf: URL(fileURLWithPath: stackPath), encoding: .utf8)
        XCTAssertTrue(text.contains(old), "the stack has no \(old)", file: file, line: line)
        try writeStack(text.replacingOccurrences(of: old, with: new))
    }

    @discardableResult
    func run(_ arguments: [String], expect status: Int32, file: StaticString = #filePath, line: UInt = #line) throws
        -> SecmonProcess.Result
    {
        let result = try secmon.run(arguments)
        XCTAssertEqual(result.status, status, "secmon \(arguments.joined(separator: " ")):\n\(result.all)",
                       file: file, line: line)
        return result
    }

    func plan(_ extra: [String] = [], expect status: Int32, file: StaticString = #filePath, line: UInt = #line) throws
        -> SecmonProcess.Result
    {
        try run(["plan", stackPath, "--detailed-exitcode"] + extra, expect: status, file: file, line: line)
    }

    func apply(_ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> SecmonProcess.Result {
        try run(["apply", stackPath, "--auto-approve"] + extra, expect: 0, file: file, line: line)
    }

    func tearDown() {
        if ownsEndpoint { endpoint.stop() }
        try? FileManager.default.removeItem(at: directory)
    }
}
