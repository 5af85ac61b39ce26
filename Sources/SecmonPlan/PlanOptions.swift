/// How to plan.
public struct PlanOptions: Sendable, Hashable {
    /// Take ownership of existing resources nobody owns instead of failing (`--adopt`).
    public var adopt: Bool
    /// `.destroy` plans the deletion of everything the stack owns.
    public var mode: PlanMode
    public init(adopt: Bool = false, mode: PlanMode = .apply) {
        self.adopt = adopt
        self.mode = mode
    }
}
