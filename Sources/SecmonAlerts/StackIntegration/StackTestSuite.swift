import SecmonCore
import SecmonStack

/// Runs every `tests:` of a validated stack: what `secmon test` reports.
public enum StackTestSuite {
    public struct Report: Sendable {
        /// Tests and scenarios run.
        public var testCount = 0
        /// One error per failed expectation, located at it in the stack file.
        public var failures: [Diagnostic] = []
        /// What each event-target test's target receives, for people to review.
        public var messages: [StackTestRunner.RenderedMessage] = []
    }

    public static func run(_ stack: ValidatedStack) -> Report {
        var report = Report()
        let runner = StackTestRunner(directory: stack.directory)
        let lintStack = LintedStack(AlertStackChecks.lintResources(stack))
        for resource in stack.resources {
            guard let node = resource.tests else { continue }
            func fail(_ path: String, _ message: String) {
                report.failures.append(Diagnostic(.error, "\(resource.id).\(path): \(message)", at: node.node(at: path).location))
            }
            func record(_ failures: [StackTestFailure]) {
                for f in failures {
                    report.failures.append(Diagnostic(.error, "test failed: \(f)", at: node.node(at: f.path).location))
                }
            }
            do throws(StackTestError) {
                switch resource.kind {
                case "metric_filter":
                    let tests = try MetricFilterTest.parseList(node.plainValue)
                    report.testCount += tests.count
                    guard let filter = lintStack.byId[resource.id].flatMap(lintStack.parsed) else {
                        fail("tests", "the metric filter's pattern or metric value is invalid (see secmon validate)")
                        continue
                    }
                    record(runner.run(tests, filter: filter, resource: resource.id))
                case "alarm":
                    let scenarios = try AlarmScenario.parseList(node.plainValue)
                    report.testCount += scenarios.count
                    guard let alarmResource = lintStack.byId[resource.id],
                          let filterResource = lintStack.filter(watchedBy: alarmResource),
                          let filter = lintStack.parsed(filterResource)
                    else {
                        fail("tests", "alarm scenarios need the alarm's metric filter in this stack (metric_filter: ${<filter>.name})")
                        continue
                    }
                    let alarm: AlarmDefinition
                    do throws(AlarmDefinitionError) { alarm = try definition(of: alarmResource) } catch {
                        fail("tests", error.message)
                        continue
                    }
                    let notifies = alarmResource.bool("actions_enabled") != false
                        && !(alarmResource.properties["alarm_actions"]?.listValue ?? []).isEmpty
                    record(runner.run(scenarios, alarm: alarm, filter: filter, notifiesOnAlarm: notifies, resource: resource.id))
                case "event_rule":
                    let tests = try MetricFilterTest.parseRuleTests(node.plainValue)
                    report.testCount += tests.count
                    if let pattern = lintStack.byId[resource.id].flatMap(lintStack.eventPattern) {
                        record(runner.run(tests, rule: pattern, resource: resource.id))
                    } else {
                        fail("tests", "the rule's event pattern is invalid or not known offline (see secmon validate)")
                    }
                case "event_target":
                    let tests = try EventTargetTest.parseList(node.plainValue)
                    report.testCount += tests.count
                    guard let target = lintStack.byId[resource.id] else { continue }
                    let transformer: InputTransformer?
                    do throws(EventPatternError) { transformer = try AlertStackChecks.transformer(of: target) } catch {
                        fail("tests", "the target's input transformer is invalid: \(error.message)")
                        continue
                    }
                    let rule = target.referencedId("rule").flatMap { lintStack.byId[$0] }
                    let ruleName = rule.flatMap { $0.properties["name"]?.interpolated } ?? target.properties["rule"]?.interpolated ?? "rule"
                    let result = runner.run(tests, transformer: transformer, rule: (ruleName, rule.flatMap(lintStack.eventPattern)),
                                            resource: resource.id)
                    record(result.failures)
                    report.messages += result.messages
                default:
                    continue
                }
            } catch {
                fail(error.path, error.message)
            }
        }
        return report
    }

    /// An alarm's evaluation settings, with the alarm kind schema's defaults (`setting`); the
    /// fallbacks only stand in for values validation has already refused.
    static func definition(of alarm: LintResource) throws(AlarmDefinitionError) -> AlarmDefinition {
        try AlarmDefinition(
            statistic: Statistic(rawValue: alarm.setting("statistic")?.stringValue ?? "") ?? .sum,
            period: alarm.setting("period")?.intValue ?? 300,
            evaluationPeriods: alarm.setting("evaluation_periods")?.intValue ?? 1,
            datapointsToAlarm: alarm.int("datapoints_to_alarm"),
            threshold: alarm.number("threshold") ?? alarm.setting("threshold")?.doubleValue ?? 1,
            comparisonOperator: AlarmDefinition.ComparisonOperator(rawValue: alarm.setting("comparison_operator")?.stringValue ?? "")
                ?? .greaterThanOrEqualToThreshold,
            treatMissingData: AlarmDefinition.TreatMissingData(rawValue: alarm.setting("treat_missing_data")?.stringValue ?? "") ?? .notBreaching)
    }
}
