import Foundation

/// Hostile stack files, generated rather than committed (some are megabytes), each with the one
/// diagnostic secmon must print for it. Shared by the in-process tests and the subprocess test
/// that measures time and memory of the real binary.
struct HostileInput {
    var name: String
    var bytes: [UInt8]
    /// The expected line, with `FILE` standing for the path given to secmon.
    var expected: String

    static func text(_ name: String, _ text: String, _ expected: String) -> HostileInput {
        HostileInput(name: name, bytes: Array(text.utf8), expected: expected)
    }

    /// "billion laughs": 30 levels of 10 aliases each would expand to 10^30 nodes.
    static var aliasBomb: String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1..<30 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        return lines.joined(separator: "\n") + "\nstack: x\n"
    }

    static let all: [HostileInput] = [
        .text("empty.yaml", "", "FILE:1:1: error: the stack file is empty"),
        .text("comments-only.yaml", "# nothing here\n\n", "FILE:1:1: error: the stack file is empty"),
        HostileInput(name: "not-utf8.yaml", bytes: Array("stack: x\nresources:\n  a:\n    type: topic\n    name: caf".utf8) + [0xE9, 0x0A],
                     expected: "FILE:5:14: error: the file is not valid UTF-8 (byte 0xE9)"),
        .text("tabs.yaml", "stack: x\nresources:\n\ta:\n    type: topic\n",
              "FILE:3:1: error: tab character in indentation; YAML indents with spaces only"),
        .text("duplicate-key.yaml", "stack: x\nresources:\n  a:\n    type: topic\n    name: one\n    name: two\n",
              "FILE:6:5: error: duplicate key 'name' (first defined at line 5)"),
        .text("alias-bomb.yaml", aliasBomb,
              "FILE:2:10: error: aliases expand the document to more than 100000 values (an alias bomb?); refusing it"),
        .text("alias-bomb-as-key.yaml", aliasBomb + "*a29 : 1\n", "FILE:32:1: error: an alias cannot be used as a map key"),
        .text("complex-key.yaml", aliasBomb + "? *a29\n: 1\n",
              "FILE:32:1: error: complex map keys ('? ') are not supported in stack files"),
        .text("collection-key.yaml", "[a, b]: 1\n", "FILE:1:6: error: a list or map cannot be used as a map key"),
        .text("deep-flow.yaml", "stack: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n",
              "FILE:1:9: error: lists and maps are nested too deeply (the limit is 64 levels)"),
        .text("deep-block.yaml", String(repeating: "- ", count: 10_000) + "x\n",
              "FILE:1:1999: error: lists and maps are nested too deeply (the limit is 64 levels)"),
        .text("deep-but-parseable.yaml", "stack: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n",
              "FILE:1:72: error: lists and maps are nested too deeply (the limit is 64 levels)"),
        .text("huge-scalar.yaml", "stack: x\nresources:\n  a:\n    type: topic\n    name: " + String(repeating: "a", count: 3_000_000) + "\n",
              "FILE:5:11: error: value is 3000000 bytes long; the limit is 65536 bytes"),
        .text("huge-file.yaml", "stack: x\n#" + String(repeating: "-", count: 5_000_000) + "\n",
              "FILE:1:1: error: stack file is larger than 4 MiB; refusing to read it"),
        .text("many-values.yaml", "stack: [" + String(repeating: "1,", count: 1_500_000) + "1]\n",
              "FILE:1:200004: error: the document has more than 100000 values; a stack file is far smaller"),
        .text("top-level-list.yaml", "- stack: x\n- resources: {}\n",
              "FILE:1:1: error: a stack file must be a map with 'stack' and 'resources' keys, not a list"),
        .text("top-level-scalar.yaml", "just some words\n",
              "FILE:1:1: error: a stack file must be a map with 'stack' and 'resources' keys, not a string"),
        .text("control-character.yaml", "stack: x\u{7}y\n", "FILE:1:9: error: invalid YAML: control characters are not allowed"),
    ]

    /// Writes every input into a fresh temporary directory.
    static func writeAll() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for input in all { try Data(input.bytes).write(to: dir.appendingPathComponent(input.name)) }
        return dir
    }
}
