import AWSClient
import XCTest
@testable import SecmonDoctor

final class AlarmFiringTests: XCTestCase {
    func alarm(_ statistic: String, threshold: Double = 1, comparison: String = "GreaterThanOrEqualToThreshold",
               datapoints: Int = 1) -> AlarmPart {
        AlarmPart(reply: ["AlarmName": "a", "Statistic": .string(statistic), "Threshold": .double(threshold),
                          "ComparisonOperator": .string(comparison), "EvaluationPeriods": 3,
                          "DatapointsToAlarm": .integer(Int64(datapoints)), "Period": 300])
    }
    let countWithDefault = MetricTransformationPart(namespace: "n", name: "m", value: "1", defaultValue: 0, dimensions: [:])
    let countWithoutDefault = MetricTransformationPart(namespace: "n", name: "m", value: "1", defaultValue: nil, dimensions: [:])

    func testSumAndMaximumFireOnOneRead() {
        XCTAssertEqual(AlarmFiring.evaluate(alarm("Sum"), metric: countWithDefault), .fires("Sum >= 1: one read gives 1"))
        XCTAssertEqual(AlarmFiring.evaluate(alarm("Maximum"), metric: countWithDefault), .fires("Maximum >= 1: one read gives 1"))
    }

    func testAverageOfAOneZeroCountWithThresholdOneNeverFires() {
        guard case .neverFires = AlarmFiring.evaluate(alarm("Average"), metric: countWithDefault) else {
            return XCTFail("Average >= 1 over a 1/0 count must be reported as never firing")
        }
        // Without a default value every datapoint is 1, so the average is 1.
        guard case .fires = AlarmFiring.evaluate(alarm("Average"), metric: countWithoutDefault) else { return XCTFail() }
        // Average > 0 is lifted by any read.
        guard case .fires = AlarmFiring.evaluate(alarm("Average", threshold: 0, comparison: "GreaterThanThreshold"), metric: countWithDefault)
        else { return XCTFail() }
    }

    func testThresholdsThatHoldWithoutReadsFireTooOften() {
        guard case .firesTooOften = AlarmFiring.evaluate(alarm("SampleCount"), metric: countWithDefault) else { return XCTFail() }
        guard case .firesTooOften = AlarmFiring.evaluate(alarm("Average", threshold: 0), metric: countWithDefault) else { return XCTFail() }
    }

    func testShapesOneReadCannotSatisfy() {
        guard case .neverFires = AlarmFiring.evaluate(alarm("Sum", threshold: 2), metric: countWithDefault) else { return XCTFail() }
        guard case .neverFires = AlarmFiring.evaluate(alarm("Sum", comparison: "LessThanThreshold"), metric: countWithDefault) else { return XCTFail() }
        guard case .neverFires = AlarmFiring.evaluate(alarm("Sum", datapoints: 2), metric: countWithDefault) else { return XCTFail() }
        guard case .fires = AlarmFiring.evaluate(alarm("Sum", threshold: 0, comparison: "GreaterThanThreshold"), metric: countWithDefault) else { return XCTFail() }
        guard case .neverFires = AlarmFiring.evaluate(alarm("Sum", comparison: "GreaterThanThreshold"), metric: countWithDefault) else { return XCTFail() }
    }

    func testPercentilesAndMetricMathAreNotGuessed() {
        let p99 = AlarmPart(reply: ["AlarmName": "a", "ExtendedStatistic": "p99", "Threshold": 1.0, "ComparisonOperator": "GreaterThanThreshold"])
        guard case .cannotTell = AlarmFiring.evaluate(p99, metric: countWithDefault) else { return XCTFail() }
        let math = AlarmPart(reply: ["AlarmName": "a", "Metrics": [["Id": "m1"]]])
        guard case .cannotTell = AlarmFiring.evaluate(math, metric: countWithDefault) else { return XCTFail() }
    }
}
