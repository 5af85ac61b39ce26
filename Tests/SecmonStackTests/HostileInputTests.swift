import Foundation
import XCTest
@testable import SecmonStack

/// Every hostile input fails with one located message, in-process (the subprocess test checks
/// time and memory of the real binary).
final class HostileInputTests: XCTestCase {
    func testEveryHostileInputHasItsMessage() throws {
        let dir = try HostileInput.writeAll()
        defer { try? FileManager.default.removeItem(at: dir) }
        for input in HostileInput.all {
            let path = dir.appendingPathComponent(input.name).path
            let result = StackLoader.load(path: path)
            XCTAssertEqual(result.diagnostics.map(\.description), [input.expected.replacingOccurrences(of: "FILE", with: path)],
                           input.name)
            XCTAssertNil(result.stack, input.name)
        }
    }

    func testMissingFileDirectoryAndUnreadableFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(StackLoader.load(path: dir.path).diagnostics.map(\.description),
                       ["error: cannot read stack file '\(dir.path)': it is a directory"])
        let missing = dir.appendingPathComponent("nope.yaml").path
        XCTAssertEqual(StackLoader.load(path: missing).diagnostics.map(\.description),
                       ["error: cannot read stack file '\(missing)': no such file"])
        let locked = dir.appendingPathComponent("locked.yaml")
        try Data("stack: x\n".utf8).write(to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        // root reads anything; the check only means something for other users.
        if FileManager.default.isReadableFile(atPath: locked.path) == false {
            XCTAssertEqual(StackLoader.load(path: locked.path).diagnostics.map(\.description),
                           ["error: cannot read stack file '\(locked.path)': permission denied"])
        }
    }

    func testAliasesWithinBudgetAreExpanded() throws {
        let stack = try validStack("""
        stack: demo
        tags: &common
          team: security
        resources:
          alerts:
            type: topic
            name: alerts
            tags: *common
        """)
        XCTAssertEqual(stack.resource("alerts")?.properties["tags"]?.value, .map(["team": .string("security")]))
    }

    func testMapKeysAreCheckedForDuplicatesAtEveryLevel() {
        assertDiagnostics("""
        stack: demo
        resources:
          a:
            type: topic
            name: a
          a:
            type: topic
            name: b
        """, ["stack.yaml:6:3: error: duplicate key 'a' (first defined at line 3)"])
    }
}
