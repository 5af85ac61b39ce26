/// The samples of one metric in one period, as CloudWatch keeps them.
public struct StatisticSet: Sendable, Hashable {
    public var sampleCount: Int = 0
    public var sum: Double = 0
    public var minimum: Double = .infinity
    public var maximum: Double = -.infinity

    public init() {}

    public init(samples: [Double]) {
        for s in samples { add(s) }
    }

    public mutating func add(_ sample: Double) {
        sampleCount += 1
        sum += sample
        minimum = Swift.min(minimum, sample)
        maximum = Swift.max(maximum, sample)
    }

    public mutating func merge(_ other: StatisticSet) {
        sampleCount += other.sampleCount
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    public func value(of statistic: Statistic) -> Double? {
        guard sampleCount > 0 else { return nil }
        switch statistic {
        case .sampleCount: return Double(sampleCount)
        case .sum: return sum
        case .average: return sum / Double(sampleCount)
        case .minimum: return minimum
        case .maximum: return maximum
        }
    }
}

/// The statistics an alarm can evaluate (KINDS.md: alarm.statistic).
public enum Statistic: String, Sendable, Hashable, CaseIterable {
    case sampleCount = "SampleCount", average = "Average", sum = "Sum", minimum = "Minimum", maximum = "Maximum"
}
