import SecmonCore

/// A YAML node with the place it was written, so every message can point at it.
/// Aliases are expanded (within a budget) when the tree is built, so consumers never see them.
public struct YAMLNode: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }
    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    public var scalar: YAMLScalar? { if case .scalar(let s) = content { return s } else { return nil } }
    public var sequence: [YAMLNode]? { if case .sequence(let s) = content { return s } else { return nil } }
    public var mapping: [YAMLPair]? { if case .mapping(let m) = content { return m } else { return nil } }

    /// Where the character `offset` Unicode scalars into a scalar's text is written, when that
    /// can be known exactly: a one-line scalar without escapes. Otherwise the node's start.
    public func location(ofTextOffset offset: Int) -> SourceLocation {
        guard let scalar, offset >= 0, !scalar.text.contains("\n") else { return location }
        let shift: Int
        switch scalar.style {
        case .plain: shift = 0
        case .singleQuoted where !scalar.text.contains("'"): shift = 1
        case .doubleQuoted where !scalar.text.contains("\"") && !scalar.text.contains("\\"): shift = 1
        default: return location
        }
        return SourceLocation(file: location.file, line: location.line, column: location.column + shift + offset)
    }

    /// What a person would call this node's shape, for "expected X, found Y" messages.
    public var shapeDescription: String {
        switch content {
        case .scalar(let s): return s.resolved.typeDescription
        case .sequence: return "a list"
        case .mapping: return "a map"
        }
    }
}

public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
    /// The key's text when it is a scalar (stack files only use scalar keys).
    public var keyText: String? { key.scalar?.text }
}

/// A scalar's text and how it resolves under the YAML 1.2 core schema (so `no` stays a string,
/// unlike YAML 1.1).
public struct YAMLScalar: Sendable, Hashable {
    public enum Resolved: Sendable, Hashable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)

        public var typeDescription: String {
            switch self {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int: return "an integer"
            case .double: return "a number"
            case .string: return "a string"
            }
        }
    }
    /// How the scalar is written, which decides how text offsets map to columns.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }
    public var text: String
    public var resolved: Resolved
    public var style: Style

    public init(text: String, resolved: Resolved, style: Style = .plain) {
        self.text = text
        self.resolved = resolved
        self.style = style
    }
}
