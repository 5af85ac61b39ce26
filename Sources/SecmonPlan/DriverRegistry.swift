/// The drivers the planner and executor may use, by kind.
public struct DriverRegistry: Sendable {
    private var drivers: [String: any ResourceDriver]

    /// The last driver given for a kind wins.
    public init(_ drivers: [any ResourceDriver]) {
        var byKind: [String: any ResourceDriver] = [:]
        for d in drivers { byKind[d.kind] = d }
        self.drivers = byKind
    }

    /// From a kind -> driver map (the drivers' kind wins over the key, so nothing can be
    /// served under a kind it does not implement).
    public init(_ drivers: [String: any ResourceDriver]) {
        self.init(drivers.keys.sorted().compactMap { drivers[$0] })
    }

    public subscript(kind: String) -> (any ResourceDriver)? { drivers[kind] }

    /// The drivers for one plan (see `ResourceDriver.forPlan`).
    public func forPlan() -> DriverRegistry {
        DriverRegistry(kinds.compactMap { drivers[$0]?.forPlan() })
    }

    /// Every kind served, sorted (so work is started in a stable order).
    public var kinds: [String] { drivers.keys.sorted() }
}
