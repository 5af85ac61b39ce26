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
        XCTAssertEqual(StackLoader.load(path: "/dev/null").diagnostics.map(\.description),
                       ["error: cannot read stack file '/dev/null': it is not a regular file"])
        let link = dir.appendingPathComponent("link.yaml")
        try Data("stack: demo\nresources: {}\n".utf8).write(to: dir.appendingPathComponent("real.yaml"))
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: dir.appendingPathComponent("real.yaml").path)
        XCTAssertEqual(StackLoader.load(path: link.path).diagnostics, [], "a symlink to a stack is fine")
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

    /// The pre-scan refuses alias and collection keys; it must not mistake quotes, comments or
    /// block scalars that merely contain such characters.
    func testPreScanLetsLookalikesThrough() throws {
        let stack = try validStack("""
        stack: demo   # *a: [x]: ? y
        resources:
          g:
            type: log_group
            name: g
          f:
            type: metric_filter
            name: f
            log_group: ${g.name}
            pattern: |
              ? { $.eventName = "*a: b" }

              [x]: y
            metric_namespace: N
            metric_name: M#1
          t:
            type: topic
            name: t
            display_name: "x]: *y"
            kms_key: 'k ]: ? z'
        """)
        XCTAssertEqual(stack.resource("f")?.properties["pattern"]?.value, .string("? { $.eventName = \"*a: b\" }\n\n[x]: y\n"))
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
