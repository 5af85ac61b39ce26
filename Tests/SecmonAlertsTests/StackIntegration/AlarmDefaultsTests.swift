@testable import SecmonAlerts
import SecmonCore
import SecmonStack
import Testing

/// The alarm's defaults are the alarm kind schema's, in the stack tests' alarm and in the lints.
@Test func anUnsetAlarmSettingIsTheSchemasDefault() throws {
    let bare = LintResource(id: "a", kind: "alarm", properties: [:])
    for property in KindSchema.alarm.properties {
        guard let declared = property.defaultValue else { continue }
        #expect(bare.setting(property.name) == declared, "\(property.name)")
    }
    let schema = { (name: String) in KindSchema.alarm.property(name)?.defaultValue }
    let definition = try StackTestSuite.definition(of: bare)
    #expect(definition.statistic.rawValue == schema("statistic")?.stringValue)
    #expect(definition.period == schema("period")?.intValue)
    #expect(definition.evaluationPeriods == schema("evaluation_periods")?.intValue)
    #expect(definition.threshold == schema("threshold")?.doubleValue)
    #expect(definition.comparisonOperator.rawValue == schema("comparison_operator")?.stringValue)
    #expect(definition.treatMissingData.rawValue == schema("treat_missing_data")?.stringValue)
    // Written settings win over the defaults; a threshold may be written as a string.
    let written = LintResource(id: "a", kind: "alarm", properties: ["statistic": .string("Maximum"), "threshold": .string("2")])
    #expect(try StackTestSuite.definition(of: written).statistic == .maximum)
    #expect(try StackTestSuite.definition(of: written).threshold == 2)
    #expect(LintResource(id: "x", kind: "no-such-kind", properties: [:]).setting("statistic") == nil)
}
