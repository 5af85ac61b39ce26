/// Bounds that keep hostile input cheap: a stack file is a few kilobytes of hand-written YAML,
/// so anything near these limits is a mistake or an attack, and is refused with a message.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest stack file read, in bytes.
    public var maxFileBytes: Int = 4 << 20
    /// Longest scalar, in UTF-8 bytes (a policy document or a filter pattern is far shorter).
    public var maxScalarBytes: Int = 64 << 10
    /// Deepest nesting of lists and maps.
    public var maxDepth: Int = 64
    /// Most nodes after expanding aliases: this is what stops "billion laughs".
    public var maxNodes: Int = 100_000

    public init() {}
    public static let `default` = YAMLLimits()
}
