/// A resource's lifecycle controls (`lifecycle:` in the stack): what removing it from the stack
/// or destroying the stack may do to it. The stack declares them; apply records them on the
/// resource itself (the generic driver: as `secmon:retain` / `secmon:protect` tags), because a
/// resource removed from the stack file has no declaration left to ask.
public struct ResourceLifecycle: Sendable, Codable, Hashable {
    /// Removing it from the stack, or destroying the stack, releases it (secmon's ownership
    /// tags are removed, the resource stays) instead of deleting it.
    public var retain: Bool
    /// Any plan that would delete or replace it is refused before anything is written.
    public var protect: Bool

    public init(retain: Bool = false, protect: Bool = false) {
        self.retain = retain
        self.protect = protect
    }

    /// Neither control set: the default.
    public var isEmpty: Bool { !retain && !protect }

    /// Either one's controls: what the stack declares together with what AWS records.
    public func union(_ other: ResourceLifecycle?) -> ResourceLifecycle {
        ResourceLifecycle(retain: retain || other?.retain == true, protect: protect || other?.protect == true)
    }

    /// The key under which the planner passes the declared controls to a driver's `normalize`.
    public static let propertyKey = "lifecycle"

    /// As a property value: a map of the controls that are set (`.null` when none is).
    public var value: Value {
        var map: [String: Value] = [:]
        if retain { map["retain"] = .bool(true) }
        if protect { map["protect"] = .bool(true) }
        return map.isEmpty ? .null : .map(map)
    }

    /// From a property value as `value` writes it (or as the stack gives it).
    public init(value: Value?) {
        let map = value?.mapValue ?? [:]
        self.init(retain: map["retain"]?.boolValue ?? false, protect: map["protect"]?.boolValue ?? false)
    }
}
