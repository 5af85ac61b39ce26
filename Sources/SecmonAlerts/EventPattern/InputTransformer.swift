import SecmonCore

/// An EventBridge target's input transformer rendered offline (EventBridge user guide, "Amazon
/// EventBridge input transformation"; API reference, InputTransformer): `pathsMap` names values
/// of the event by JSON path (`$.detail.userIdentity.arn`, array indices, `$`), and `template`
/// uses them as `<name>`.
///
/// - In a template that is a JSON object, a string value inside quotes is inserted escaped
///   for JSON, and any value outside quotes as JSON.
/// - In a plain-text template, values are inserted as their text (objects and arrays as JSON).
/// - **Assumption:** a path the event lacks inserts nothing in text and `null` in JSON outside
///   quotes.
/// Predefined variables: `aws.events.rule-name`, `aws.events.rule-arn`,
/// `aws.events.event.ingestion-time` (the event's `time`), `aws.events.event.json`.
public struct InputTransformer: Sendable, Hashable {
    public var pathsMap: [String: String]
    public var template: String

    public init(pathsMap: [String: String], template: String) throws(EventPatternError) {
        for (name, path) in pathsMap {
            if name.hasPrefix("aws.events.") { throw EventPatternError("input_paths: '\(name)' is a reserved variable name") }
            guard Self.steps(path) != nil else {
                throw EventPatternError("input_paths.\(name): '\(path)' is not a JSON path EventBridge accepts, e.g. $.detail.userIdentity.arn")
            }
        }
        self.pathsMap = pathsMap
        self.template = template
    }

    public func render(_ event: EventJSON, ruleName: String = "rule", ruleARN: String = "arn:aws:events:us-east-1:111122223333:rule/rule") -> String {
        var values: [String: EventJSON?] = [:]
        for (name, path) in pathsMap { values[name] = Self.value(at: path, in: event) }
        values["aws.events.rule-name"] = .string(ruleName)
        values["aws.events.rule-arn"] = .string(ruleARN)
        values["aws.events.event.ingestion-time"] = event["time"]
        values["aws.events.event.json"] = event
        let isJSON = template.trimmingCharacters(in: .whitespaces).hasPrefix("{")
        var out = ""
        var insideQuotes = false
        var chars = Array(template)[...]
        while let ch = chars.first {
            if ch == "<", let close = chars.firstIndex(of: ">"), case let name = String(chars[chars.index(after: chars.startIndex)..<close]),
               let value = values[name] {
                out += Self.insert(value, json: isJSON, quoted: insideQuotes)
                chars = chars[chars.index(after: close)...]
                continue
            }
            if isJSON, ch == "\"", !out.hasSuffix("\\") { insideQuotes.toggle() }
            out.append(ch)
            chars = chars.dropFirst()
        }
        return out
    }

    static func insert(_ value: EventJSON??, json: Bool, quoted: Bool) -> String {
        guard let value = value ?? nil else { return json && !quoted ? "null" : "" }
        let text: String
        switch value {
        case .string(let s): text = s
        default: text = value.compactJSON
        }
        guard json else { return text }
        if quoted {
            let escaped = JSONString.quoted(text)
            return String(escaped.dropFirst().dropLast())
        }
        if case .string = value { return JSONString.quoted(text) }
        return text
    }

    /// `$.a.b[0].c` -> [a, b, 0, c]; `$` -> []. Nil for syntax EventBridge does not take.
    static func steps(_ path: String) -> [String]? {
        guard path.hasPrefix("$") else { return nil }
        var steps: [String] = []
        var rest = Substring(path.dropFirst())
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "/" }
                guard !name.isEmpty else { return nil }
                steps.append(String(name))
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]) else { return nil }
                steps.append("[\(index)]")
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        return steps
    }

    static func value(at path: String, in event: EventJSON) -> EventJSON? {
        var current: EventJSON? = event
        for step in steps(path) ?? [] {
            if step.hasPrefix("["), let index = Int(step.dropFirst().dropLast()) { current = current?[index] }
            else { current = current?[step] }
        }
        return current
    }
}

extension EventJSON {
    /// The value as compact JSON.
    var compactJSON: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let text): return text
        case .string(let s): return JSONString.quoted(s)
        case .array(let items): return "[" + items.map(\.compactJSON).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { JSONString.quoted($0.key) + ":" + $0.value.compactJSON }.joined(separator: ",") + "}"
        }
    }
}
