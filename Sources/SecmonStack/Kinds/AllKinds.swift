extension KindSchema {
    /// Every kind, in the order the docs present them.
    public static let all: [KindSchema] = [secret, bucket, role, logGroup, trail, metricFilter, alarm, topic, subscription, eventRule, eventTarget]

    public static func named(_ name: String) -> KindSchema? { all.first { $0.name == name } }
}
