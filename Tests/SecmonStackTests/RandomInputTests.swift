import SecmonGraph
import TestSupport
import XCTest
@testable import SecmonStack

/// Seeded random text built from YAML's special characters: loading must always end with a
/// tree or a located diagnostic (a hang or a crash here is the bug; the pre-scan once spun on
/// a blank line inside a block scalar).
final class RandomInputTests: XCTestCase {
    func testRandomYAMLishTextAlwaysLoadsOrFailsLocated() {
        let alphabet: [String] = [" ", "  ", "\n", "\n  ", "\t", "- ", "? ", ": ", ":", "*a", "&a", "!!str ", "|", ">-",
                                  "[", "]", "{", "}", ", ", "#", "'", "\"", "\\", "a", "key", "1", "\r\n", "${x.y}", "---"]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
            switch YAMLDocumentLoader.load(bytes: Array(text.utf8), file: "r.yaml") {
            case .success:
                break
            case .failure(let failure):
                XCTAssertNotNil(failure.diagnostic.location, "no location for \(text.debugDescription)")
            }
        }
    }

    /// The example stack with random lines dropped, repeated, re-indented or spliced: the
    /// validator (not just the parser) must answer with located diagnostics, never crash, and a
    /// stack it accepts must build into a graph.
    func testMutatedExampleStacksGiveLocatedDiagnostics() throws {
        let lines = try exampleStackText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let tokens = ["${", "}", "${trail_logs.arn}", "${var.nope}", ": ", "- ", "[", "{", "\"", "type: alarm", "  ", "0", "true", "~"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<400 {
            var mutated = lines
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: mutated.remove(at: index)
                case 1: mutated.insert(mutated[index], at: index)
                case 2: mutated[index] = "  " + mutated[index]
                default:
                    let line = mutated[index]
                    let cut = line.index(line.startIndex, offsetBy: Int.random(in: 0...line.count, using: &generator))
                    mutated[index] = String(line[..<cut]) + (tokens.randomElement(using: &generator) ?? "") + String(line[cut...])
                }
            }
            let result = StackLoader.load(text: mutated.joined(separator: "\n"), file: "m.yaml")
            XCTAssertEqual(result.stack == nil, result.hasErrors)
            for diagnostic in result.diagnostics {
                XCTAssertNotNil(diagnostic.location, diagnostic.description)
            }
            // Whatever validates must also make a graph (validation already refused cycles).
            if let stack = result.stack { XCTAssertNoThrow(try GraphBuilder.build(stack)) }
        }
    }
}
