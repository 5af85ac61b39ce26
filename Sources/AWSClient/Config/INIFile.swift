/// The INI dialect of ~/.aws/config and ~/.aws/credentials, parsed the way botocore does:
/// `[section]` headers, `key = value` (or `key: value`), whole-line `#`/`;` comments, keys
/// lowercased, and indented `child = value` lines under a key with an empty value stored as
/// `parent.child` (the nested form of `s3 =` / `  addressing_style = path`).
/// There are no inline comments: a value runs to the end of the line.
struct INIFile: Sendable, Hashable {
    /// Section name (text inside the brackets, trimmed) -> key -> value, in file order of sections.
    private(set) var sections: [String: [String: String]] = [:]
    private(set) var sectionOrder: [String] = []

    init(parsing text: String) {
        var current: String?
        var parentKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast()).trimmingWhitespace()
                if sections[name] == nil {
                    sections[name] = [:]
                    sectionOrder.append(name)
                }
                current = name
                parentKey = nil
                continue
            }
            guard let section = current, let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                continue  // text before any section, or a line that isn't `key = value`: ignored, as botocore does
            }
            let key = String(trimmed[..<separator]).trimmingWhitespace().lowercased()
            let value = String(trimmed[trimmed.index(after: separator)...]).trimmingWhitespace()
            let indented = line.first == " " || line.first == "\t"
            if indented, let parent = parentKey {
                sections[section]?["\(parent).\(key)"] = value
            } else {
                sections[section]?[key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
    }

    subscript(section: String) -> [String: String]? { sections[section] }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
