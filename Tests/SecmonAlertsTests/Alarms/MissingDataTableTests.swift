import SecmonAlerts
import Testing

/// One row of the tables in the CloudWatch user guide, "Configuring how CloudWatch alarms treat
/// missing data" > "How alarm state is evaluated when data is missing": the evaluation range's
/// five datapoints (oldest first; 0 not breaching, X breaching, - missing) and the state for
/// each treatment of missing data (nil = "Retain current state").
struct MissingDataRow: CustomTestStringConvertible, Sendable {
    var datapoints: String
    var datapointsToAlarm: Int
    var missing: AlarmState?
    var ignore: AlarmState?
    var breaching: AlarmState?
    var notBreaching: AlarmState?

    var testDescription: String { "\(datapointsToAlarm) of 3: \(datapoints)" }

    var range: [DatapointClass] {
        datapoints.split(separator: " ").map { $0 == "X" ? .breaching : ($0 == "0" ? .notBreaching : .missing) }
    }

    func expected(_ treatment: AlarmDefinition.TreatMissingData) -> AlarmState? {
        switch treatment {
        case .missing: return missing
        case .ignore: return ignore
        case .breaching: return breaching
        case .notBreaching: return notBreaching
        }
    }
}

let missingDataRows: [MissingDataRow] = [
    // First table: Datapoints to Alarm 3, Evaluation Periods 3.
    MissingDataRow(datapoints: "0 - X - X", datapointsToAlarm: 3, missing: .ok, ignore: .ok, breaching: .ok, notBreaching: .ok),
    MissingDataRow(datapoints: "0 - - - -", datapointsToAlarm: 3, missing: .ok, ignore: .ok, breaching: .ok, notBreaching: .ok),
    MissingDataRow(datapoints: "- - - - -", datapointsToAlarm: 3, missing: .insufficientData, ignore: nil, breaching: .alarm, notBreaching: .ok),
    MissingDataRow(datapoints: "0 X X - X", datapointsToAlarm: 3, missing: .alarm, ignore: .alarm, breaching: .alarm, notBreaching: .alarm),
    MissingDataRow(datapoints: "- - X - -", datapointsToAlarm: 3, missing: .alarm, ignore: nil, breaching: .alarm, notBreaching: .ok),
    // Second table: Datapoints to Alarm 2, Evaluation Periods 3.
    MissingDataRow(datapoints: "0 - X - X", datapointsToAlarm: 2, missing: .alarm, ignore: .alarm, breaching: .alarm, notBreaching: .alarm),
    MissingDataRow(datapoints: "0 0 X 0 X", datapointsToAlarm: 2, missing: .alarm, ignore: .alarm, breaching: .alarm, notBreaching: .alarm),
    MissingDataRow(datapoints: "0 - X - -", datapointsToAlarm: 2, missing: .ok, ignore: .ok, breaching: .alarm, notBreaching: .ok),
    MissingDataRow(datapoints: "- - - - 0", datapointsToAlarm: 2, missing: .ok, ignore: .ok, breaching: .alarm, notBreaching: .ok),
    MissingDataRow(datapoints: "- - - X -", datapointsToAlarm: 2, missing: .alarm, ignore: nil, breaching: .alarm, notBreaching: .ok),
]

@Test("the user guide's missing-data tables", arguments: missingDataRows, AlarmDefinition.TreatMissingData.allCases)
func missingDataTableRow(_ row: MissingDataRow, _ treatment: AlarmDefinition.TreatMissingData) {
    for current in AlarmState.allCases {
        let state = AlarmEvaluator.nextState(
            range: row.range, evaluationPeriods: 3, datapointsToAlarm: row.datapointsToAlarm,
            treatMissingData: treatment, current: current)
        #expect(state == (row.expected(treatment) ?? current), "from \(current)")
    }
}

// "Avoiding premature transitions to alarm state": with 3 of 3, `- - - - X` and `- - - X -` do
// not go to ALARM; `- - X - -` does, even when missing data is treated as missing.
@Test func prematureAlarmIsAvoidedUntilTheBreachIsOldEnough() {
    func state(_ points: String) -> AlarmState {
        let range: [DatapointClass] = points.split(separator: " ").map { $0 == "X" ? .breaching : ($0 == "0" ? .notBreaching : .missing) }
        return AlarmEvaluator.nextState(range: range, evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: .missing, current: .ok)
    }
    #expect(state("- - - - X") != .alarm)
    #expect(state("- - - X -") != .alarm)
    #expect(state("- - X - -") == .alarm)
    // "false positives are avoided when the next data point is non-breaching"
    #expect(state("- - - X 0") == .ok)
    #expect(state("- - X - 0") == .ok)
}
