import Foundation
import TestSupport
import XCTest

/// Runs the built `secmon` binary as users do: exit codes, output, and for hostile input the
/// time and peak memory of each run (measured, printed, and held under 200 MB; time is only
/// guarded against hangs, since unit tests make no timing assertions).
final class CLISubprocessTests: XCTestCase {
    private var secmon: String {
        ProcessInfo.processInfo.environment["SECMON_BIN"] ?? repositoryRoot.appendingPathComponent(".build/debug/secmon").path
    }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: secmon) else {
            XCTFail("no secmon binary at \(secmon): run `swift build` first (or set SECMON_BIN)")
            throw XCTSkip("secmon is not built")
        }
    }

    /// Runs secmon under `timeout` (a hang guard: killed after 20 s) and GNU time (peak RSS).
    private func measured(_ arguments: [String]) throws -> (output: ProcessOutput, seconds: Double, maxRSSKilobytes: Int) {
        let stats = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-time-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: stats) }
        let output = try runProcess("/usr/bin/timeout", ["-s", "KILL", "20", "/usr/bin/time", "-f", "%e %M", "-o", stats.path, secmon] + arguments,
                                    currentDirectory: repositoryRoot)
        let fields = (try? String(contentsOf: stats, encoding: .utf8))?
            .split(whereSeparator: \.isWhitespace).suffix(2).map(String.init) ?? []
        return (output, Double(fields.first ?? "") ?? -1, Int(fields.last ?? "") ?? -1)
    }

    func testHostileInputsExitOneWithTheirMessageInBoundedMemory() throws {
        let dir = try HostileInput.writeAll()
        defer { try? FileManager.default.removeItem(at: dir) }
        var report: [String] = []
        for input in HostileInput.all {
            let path = dir.appendingPathComponent(input.name).path
            let (output, seconds, rss) = try measured(["validate", path])
            XCTAssertEqual(output.status, 1, "\(input.name): \(output.stderr)")
            XCTAssertEqual(output.stderr, input.expected.replacingOccurrences(of: "FILE", with: path) + "\n", input.name)
            XCTAssertEqual(output.stdout, "", input.name)
            XCTAssertGreaterThan(rss, 0, "\(input.name): no measurement")
            XCTAssertLessThan(rss, 200_000, "\(input.name) peaked at \(rss) kB")
            let padded = input.name.padding(toLength: 26, withPad: " ", startingAt: 0)
            report.append(padded + String(format: "%5.2f s %7d kB", seconds, rss))
        }
        print("secmon validate on hostile input (wall time, peak RSS):\n" + report.joined(separator: "\n"))
    }

    func testExampleStackValidates() throws {
        let (output, _, _) = try measured(["validate", "stacks/secret-access-alarm.yaml"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertEqual(output.stdout, "stack secret-access-alarm: 11 resources, valid\n")
        XCTAssertEqual(output.stderr, "")
    }

    func testBrokenStackPrintsEveryErrorAndExitsOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.yaml")
        try Data("""
        stack: demo
        resources:
          a:
            type: alarm
            name: a
            metric_namespace: N
            metric_name: M
            treshold: 2
            period: 45
        """.utf8).write(to: file)
        let (output, _, _) = try measured(["validate", file.path])
        XCTAssertEqual(output.status, 1)
        XCTAssertEqual(output.stderr, """
        \(file.path):8:5: error: unknown property 'treshold' in alarm 'a' (did you mean 'threshold'?)
        \(file.path):9:13: error: period 45 of alarm 'a' must be 10, 20, 30 or a multiple of 60

        """)
    }

    func testVariablesFromTheCommandLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x.yaml")
        try Data("""
        stack: demo
        variables:
          email: {}
          name: {}
        resources:
          t:
            type: topic
            name: ${var.name}
          s:
            type: subscription
            topic: ${t.arn}
            protocol: email
            endpoint: ${var.email}
        """.utf8).write(to: file)
        let vars = dir.appendingPathComponent("vars.yaml")
        try Data("name: alerts\nemail: file@example.com\n".utf8).write(to: vars)
        let ok = try measured(["validate", file.path, "--var-file", vars.path, "--var", "email=cli@example.com"]).output
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let unknown = try measured(["validate", file.path, "--var-file", vars.path, "--var", "emial=x@example.com"]).output
        XCTAssertEqual(unknown.stderr, "error: --var 'emial' sets a variable the stack does not declare (did you mean 'email'?)\n")
        let malformed = try measured(["validate", file.path, "--var", "email"]).output
        XCTAssertEqual(malformed.stderr, "error: --var 'email' is not of the form name=value\n")
    }

    func testDefaultStackIsTheOnlyFileInStacks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("stacks"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let stack = "stack: demo\nresources:\n  t:\n    type: topic\n    name: t\n"
        try Data(stack.utf8).write(to: dir.appendingPathComponent("stacks/one.yaml"))
        let one = try runProcess(secmon, ["validate"], currentDirectory: dir)
        XCTAssertEqual(one.stdout, "stack demo: 1 resource, valid\n", one.stderr)

        try Data(stack.utf8).write(to: dir.appendingPathComponent("stacks/two.yml"))
        let two = try runProcess(secmon, ["validate"], currentDirectory: dir)
        XCTAssertEqual(two.status, 1)
        XCTAssertEqual(two.stderr, "error: no stack given, and stacks/ holds several: one.yaml, two.yml; name one\n")

        try Data(stack.replacingOccurrences(of: "demo", with: "root").utf8).write(to: dir.appendingPathComponent("secmon.yaml"))
        let root = try runProcess(secmon, ["validate"], currentDirectory: dir)
        XCTAssertEqual(root.stdout, "stack root: 1 resource, valid\n", root.stderr)
    }

    func testSchemaCommandPrintsTheCommittedSchema() throws {
        let output = try measured(["schema"]).output
        XCTAssertEqual(output.status, 0)
        XCTAssertEqual(output.stdout, try String(contentsOf: repositoryRoot.appendingPathComponent("docs/stack.schema.json"), encoding: .utf8))
    }

    func testGraphCommandOutputRendersWithDot() throws {
        let graph = try measured(["graph", "stacks/secret-access-alarm.yaml"]).output
        XCTAssertEqual(graph.status, 0, graph.stderr)
        let svg = try runProcess("/usr/bin/dot", ["-Tsvg"], input: Data(graph.stdout.utf8))
        XCTAssertEqual(svg.status, 0, svg.stderr)
        XCTAssertTrue(svg.stdout.contains("<svg"))
    }
}
