/// Resolves plain (unquoted, untagged) scalars with the YAML 1.2 core schema. Quoted scalars are
/// always strings. Written here rather than taken from Yams, whose resolver follows YAML 1.1
/// (`yes`, `on`, `0777`...), which surprises people in names and descriptions.
enum CoreSchemaResolver {
    static func resolve(plain text: String) -> YAMLScalar.Resolved {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let i = integer(text) { return .int(i) }
        if isDecimalFloat(text), let d = Double(text) { return .double(d) }
        return .string(text)
    }

    private static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0x"), text.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o"), text.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isDecimalFloat(_ text: String) -> Bool {
        var chars = Array(text.utf8)[...]
        if let f = chars.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { chars = chars.dropFirst() }
        func digitRun() -> Int {
            var n = 0
            while let c = chars.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { chars = chars.dropFirst(); n += 1 }
            return n
        }
        let whole = digitRun()
        var fraction = 0
        if chars.first == UInt8(ascii: ".") {
            chars = chars.dropFirst()
            fraction = digitRun()
        }
        guard whole + fraction > 0 else { return false }
        if let e = chars.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            if let s = chars.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { chars = chars.dropFirst() }
            guard digitRun() > 0 else { return false }
        }
        return chars.isEmpty
    }
}
