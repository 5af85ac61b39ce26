import SecmonStack

/// The parts of a CloudWatch metric alarm that decide its state (KINDS.md, alarm).
public struct AlarmDefinition: Sendable, Hashable {
    public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
        case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
        case greaterThanThreshold = "GreaterThanThreshold"
        case lessThanThreshold = "LessThanThreshold"
        case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"

        public func breaches(_ value: Double, threshold: Double) -> Bool {
            switch self {
            case .greaterThanOrEqualToThreshold: return value >= threshold
            case .greaterThanThreshold: return value > threshold
            case .lessThanThreshold: return value < threshold
            case .lessThanOrEqualToThreshold: return value <= threshold
            }
        }
    }

    public enum TreatMissingData: String, Sendable, Hashable, CaseIterable {
        case breaching, notBreaching, ignore, missing
    }

    public var statistic: Statistic
    /// Seconds: 10, 20, 30 or a multiple of 60.
    public var period: Int
    public var evaluationPeriods: Int
    public var datapointsToAlarm: Int
    public var threshold: Double
    public var comparisonOperator: ComparisonOperator
    public var treatMissingData: TreatMissingData

    /// How many recent periods CloudWatch fetches to evaluate (the "evaluation range").
    /// Assumption: evaluation periods + 2. AWS says only that it is "a higher number of data
    /// points than the number specified as Evaluation Periods" that depends on the period and
    /// the resolution; its worked examples use 5 for 3 evaluation periods.
    public var evaluationRange: Int { evaluationPeriods + 2 }

    /// Defaults as in KINDS.md: Sum, 300 s, 1 of 1, >= 1, notBreaching.
    public init(
        statistic: Statistic = .sum, period: Int = 300, evaluationPeriods: Int = 1, datapointsToAlarm: Int? = nil,
        threshold: Double = 1, comparisonOperator: ComparisonOperator = .greaterThanOrEqualToThreshold,
        treatMissingData: TreatMissingData = .notBreaching
    ) throws(AlarmDefinitionError) {
        guard period == 10 || period == 20 || period == 30 || (period >= 60 && period % 60 == 0) else {
            throw AlarmDefinitionError("period must be 10, 20, 30 or a multiple of 60 seconds, not \(period)")
        }
        guard evaluationPeriods >= 1 else { throw AlarmDefinitionError("evaluation_periods must be at least 1") }
        if let problem = AlarmEvaluationLimits.problem(period: period, evaluationPeriods: evaluationPeriods) {
            throw AlarmDefinitionError(problem)
        }
        let m = datapointsToAlarm ?? evaluationPeriods
        guard (1...evaluationPeriods).contains(m) else {
            throw AlarmDefinitionError("datapoints_to_alarm must be between 1 and evaluation_periods (\(evaluationPeriods)), not \(m)")
        }
        self.statistic = statistic
        self.period = period
        self.evaluationPeriods = evaluationPeriods
        self.datapointsToAlarm = m
        self.threshold = threshold
        self.comparisonOperator = comparisonOperator
        self.treatMissingData = treatMissingData
    }
}

public struct AlarmDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum AlarmState: String, Sendable, Hashable, CaseIterable {
    case ok = "OK", alarm = "ALARM", insufficientData = "INSUFFICIENT_DATA"
}

/// How one period's datapoint compares with the threshold.
public enum DatapointClass: Sendable, Hashable {
    case breaching, notBreaching, missing
}
