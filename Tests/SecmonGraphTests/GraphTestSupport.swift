import Foundation
import SecmonStack
import XCTest

/// A stack that must load without a diagnostic.
func validStack(_ yaml: String, file: String = "stack.yaml", path: StaticString = #filePath, line: UInt = #line) throws
    -> ValidatedStack
{
    let result = StackLoader.load(text: yaml, file: file, variables: VariableBindings())
    XCTAssertEqual(result.diagnostics.map(\.description), [], file: path, line: line)
    return try XCTUnwrap(result.stack, file: path, line: line)
}

/// The example stack's text (the repository root is found from this file's path).
func exampleStackText() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("stacks/secret-access-alarm.yaml"), encoding: .utf8)
}
