/// Builds XML text for rest-xml request bodies.
struct XMLWriter {
    private(set) var text = ""

    static func escape(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\r": out += "&#xD;"
            case "\n" where attribute: out += "&#xA;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    mutating func open(_ name: String, attributes: [(String, String)] = []) {
        text += "<" + name
        for (k, v) in attributes { text += " \(k)=\"\(Self.escape(v, attribute: true))\"" }
        text += ">"
    }

    mutating func close(_ name: String) { text += "</\(name)>" }

    mutating func element(_ name: String, _ value: String) {
        text += "<\(name)>\(Self.escape(value))</\(name)>"
    }
}
