import Foundation
import SecmonCore
import XCTest
@testable import SecmonStack

/// Validates `yaml` as if read from `file` and compares every printed diagnostic line.
func assertDiagnostics(file: String = "stack.yaml", _ yaml: String, variables: VariableBindings = VariableBindings(),
                       _ expected: [String], file path: StaticString = #filePath, line: UInt = #line) {
    let result = StackLoader.load(text: yaml, file: file, variables: variables)
    XCTAssertEqual(result.diagnostics.map(\.description), expected, file: path, line: line)
    if !expected.isEmpty { XCTAssertNil(result.stack, "a stack with errors must not be returned", file: path, line: line) }
}

/// Loads a stack that must be valid.
func validStack(_ yaml: String, file: String = "stack.yaml", variables: VariableBindings = VariableBindings(),
                path: StaticString = #filePath, line: UInt = #line) throws -> ValidatedStack {
    let result = StackLoader.load(text: yaml, file: file, variables: variables)
    XCTAssertEqual(result.diagnostics.map(\.description), [], file: path, line: line)
    return try XCTUnwrap(result.stack, file: path, line: line)
}

/// The repository root, found from this file's path (Tests/SecmonStackTests/<file>).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The example stack's text.
func exampleStackText() throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml"), encoding: .utf8)
}
