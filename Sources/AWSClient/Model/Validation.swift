import Foundation

extension ServiceModel {
    /// Checks `input` against the operation's input shape: required and unknown members, types,
    /// enum values, lengths, counts, numeric ranges and (where the regex compiles) patterns.
    /// Throws one `.validation` error that lists every violation. `.null` counts as absent.
    public func validate(_ input: AWSValue, for operation: OperationModel) throws(AWSError) {
        var validator = InputValidator(model: self)
        if let ref = operation.input {
            validator.check(input.isNull ? .map([:]) : input, ref: ref, path: "")
        } else if case .map(let m) = input, !m.isEmpty {
            validator.violations.append("\(operation.name) takes no input, but members were given: "
                + m.keys.sorted().joined(separator: ", "))
        }
        guard !validator.violations.isEmpty else { return }
        let count = validator.violations.count
        throw AWSError(
            kind: .validation, service: service.rawValue, operation: operation.name, code: "InvalidInput",
            message: (count == 1 ? "" : "\(count) problems: ") + validator.violations.joined(separator: "; ")
                + " (checked against the \(service.rawValue) model; nothing was sent)")
    }
}

/// Walks a value and its shape, collecting one sentence per broken rule.
struct InputValidator {
    let model: ServiceModel
    var violations: [String] = []

    init(model: ServiceModel) { self.model = model }

    mutating func check(_ value: AWSValue, ref: ShapeRef, path: String) {
        guard !value.isNull else { return }
        guard let shape = model.shape(ref.shape) else {
            violations.append("\(label(path)) refers to shape \(ref.shape), which the model lacks")
            return
        }
        switch shape.kind {
        case .structure: checkStructure(value, shape, path)
        case .list: checkList(value, shape, path)
        case .map: checkMap(value, shape, path)
        case .string: checkString(value, shape, path)
        case .integer, .long: checkInteger(value, shape, path)
        case .float, .double: checkDouble(value, shape, path)
        case .boolean: if case .bool = value {} else { wrongType(path, "a boolean", value) }
        case .timestamp: if case .timestamp = value {} else { wrongType(path, "a timestamp", value) }
        case .blob: checkBlob(value, shape, path)
        }
    }

    private func label(_ path: String) -> String { path.isEmpty ? "the input" : path }

    private func join(_ path: String, _ next: String) -> String { path.isEmpty ? next : "\(path).\(next)" }

    private mutating func wrongType(_ path: String, _ expected: String, _ value: AWSValue) {
        violations.append("\(label(path)) must be \(expected), not \(Self.describe(value))")
    }

    private mutating func checkStructure(_ value: AWSValue, _ shape: Shape, _ path: String) {
        guard case .map(let given) = value else { return wrongType(path, "a structure", value) }
        for name in shape.members.map(\.name) where shape.required.contains(name) {
            if given[name]?.isNull ?? true { violations.append("\(join(path, name)) is required but missing") }
        }
        let setCount = given.values.filter { !$0.isNull }.count
        if shape.isUnion && setCount != 1 {
            let names = shape.members.map(\.name).joined(separator: ", ")
            violations.append("\(label(path)) must set exactly one of \(names) (got \(setCount))")
        }
        for name in given.keys.sorted() {
            guard let member = shape.member(named: name) else {
                // A programmer error; the likeliest is botocore's casing (logGroupName, AlarmName).
                if let near = shape.members.first(where: { $0.name.lowercased() == name.lowercased() }) {
                    violations.append(
                        "\(join(path, name)) is not a member of \(shape.name); did you mean \(near.name)?")
                } else {
                    let known = shape.members.map(\.name).joined(separator: ", ")
                    violations.append("\(join(path, name)) is not a member of \(shape.name) (members: \(known))")
                }
                continue
            }
            if member.ref.location == .uri, case .string(let text) = given[name] ?? .null, text.isEmpty {
                violations.append("\(join(path, name)) must not be empty: it is part of the request path")
            }
            check(given[name] ?? .null, ref: member.ref, path: join(path, name))
        }
    }

    private mutating func checkList(_ value: AWSValue, _ shape: Shape, _ path: String) {
        guard case .list(let items) = value else { return wrongType(path, "a list", value) }
        checkCount(items.count, shape, path, unit: "items")
        guard let element = shape.member else { return }
        for (i, item) in items.enumerated() {
            if item.isNull { violations.append("\(join(path, String(i))) is null; lists cannot hold nulls") }
            check(item, ref: element, path: join(path, String(i)))
        }
    }

    private mutating func checkMap(_ value: AWSValue, _ shape: Shape, _ path: String) {
        guard case .map(let entries) = value else { return wrongType(path, "a map", value) }
        checkCount(entries.count, shape, path, unit: "entries")
        for key in entries.keys.sorted() {
            if let keyRef = shape.key { check(.string(key), ref: keyRef, path: "\(join(path, key)) (key)") }
            let value = entries[key] ?? .null
            if value.isNull { violations.append("\(join(path, key)) is null; maps cannot hold nulls") }
            if let valueRef = shape.value { check(value, ref: valueRef, path: join(path, key)) }
        }
    }

    private mutating func checkString(_ value: AWSValue, _ shape: Shape, _ path: String) {
        guard case .string(let text) = value else { return wrongType(path, "a string", value) }
        let shown = shape.sensitive ? "" : " (got \(Self.quote(text)))"
        if let allowed = shape.enumValues, !allowed.contains(text) {
            violations.append("\(label(path)) must be one of \(allowed.joined(separator: ", "))\(shown)")
        }
        checkCount(text.unicodeScalars.count, shape, path, unit: "characters")
        if let pattern = shape.pattern, let regex = PatternCache.regex(pattern) {
            let range = NSRange(text.startIndex..., in: text)
            if regex.firstMatch(in: text, range: range) == nil {
                violations.append("\(label(path)) must match the pattern \(pattern)\(shown)")
            }
        }
    }

    private mutating func checkInteger(_ value: AWSValue, _ shape: Shape, _ path: String) {
        let number: Double
        switch value {
        case .integer(let i): number = Double(i)
        case .double(let d) where d.rounded() == d: number = d
        default: return wrongType(path, "an integer", value)
        }
        checkRange(number, shape, path)
    }

    private mutating func checkDouble(_ value: AWSValue, _ shape: Shape, _ path: String) {
        switch value {
        case .integer(let i): checkRange(Double(i), shape, path)
        case .double(let d): checkRange(d, shape, path)
        default: wrongType(path, "a number", value)
        }
    }

    private mutating func checkBlob(_ value: AWSValue, _ shape: Shape, _ path: String) {
        switch value {
        case .blob(let data): checkCount(data.count, shape, path, unit: "bytes")
        case .string(let text): checkCount(text.utf8.count, shape, path, unit: "bytes")
        default: wrongType(path, "binary data", value)
        }
    }

    private mutating func checkCount(_ count: Int, _ shape: Shape, _ path: String, unit: String) {
        if let min = shape.min, Double(count) < min {
            violations.append("\(label(path)) must have at least \(Self.format(min)) \(unit) (got \(count))")
        }
        if let max = shape.max, Double(count) > max {
            violations.append("\(label(path)) must have at most \(Self.format(max)) \(unit) (got \(count))")
        }
    }

    private mutating func checkRange(_ number: Double, _ shape: Shape, _ path: String) {
        if let min = shape.min, number < min {
            violations.append("\(label(path)) must be at least \(Self.format(min)) (got \(Self.format(number)))")
        }
        if let max = shape.max, number > max {
            violations.append("\(label(path)) must be at most \(Self.format(max)) (got \(Self.format(number)))")
        }
    }

    static func format(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    static func quote(_ text: String) -> String {
        // debugDescription quotes and escapes control characters, so the sentence stays one line.
        text.count > 64 ? String(text.prefix(64)).debugDescription + "…" : text.debugDescription
    }

    static func describe(_ value: AWSValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .double: return "a number with a fraction"
        case .string: return "a string"
        case .timestamp: return "a timestamp"
        case .blob: return "binary data"
        case .list: return "a list"
        case .map: return "a structure or map"
        }
    }
}

/// Compiled model patterns, shared by all validations. AWS services check a pattern against the
/// whole value (Java's `matches()`), so each is compiled as `\A(?:pattern)\z`, with `.` matching
/// newlines too so that no valid value is refused. Patterns NSRegularExpression rejects or
/// would misread (`\u10000`: ICU reads four hex digits) are remembered as nil and skipped; AWS
/// still checks them server side.
enum PatternCache {
    private final class Storage: @unchecked Sendable {
        let lock = NSLock()
        var compiled: [String: NSRegularExpression?] = [:]
    }
    private static let storage = Storage()

    static func regex(_ pattern: String) -> NSRegularExpression? {
        storage.lock.lock()
        defer { storage.lock.unlock() }
        if let known = storage.compiled[pattern] { return known }
        let misread = pattern.range(of: #"\\u[0-9A-Fa-f]{5}"#, options: .regularExpression) != nil
        let regex = misread ? nil : try? NSRegularExpression(pattern: "\\A(?:\(pattern))\\z",
                                                             options: [.dotMatchesLineSeparators])
        storage.compiled[pattern] = regex
        return regex
    }
}
