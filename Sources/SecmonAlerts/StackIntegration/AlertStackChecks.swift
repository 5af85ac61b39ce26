import Foundation
import SecmonCore
import SecmonStack

/// The alerts module's passes over a validated stack, for `secmon validate` (and every command
/// that loads a stack): pattern syntax and metric values (errors, at the exact line and column),
/// the shape of `tests:` (errors), and the lints (warnings with ids, docs/lints.md).
public enum AlertStackChecks {
    public static let all: [StackChecker] = [patterns, tests, lints]

    /// Filter patterns and metric transformations.
    public static let patterns: StackChecker = { stack in
        let text = try? String(contentsOfFile: stack.file, encoding: .utf8)
        var diagnostics: [Diagnostic] = []
        // "a maximum of 5 filter patterns containing regex for each log group" (PutMetricFilter).
        var regexFiltersByGroup: [String: [StackResource]] = [:]
        for resource in stack.resources where resource.kind == "metric_filter" {
            guard let property = resource.properties["pattern"], let source = property.value.stringValue else { continue }
            let pattern: FilterPattern
            do throws(FilterPatternError) {
                pattern = try FilterPattern(source)
                if pattern.regexCount > 0, let group = resource.properties["log_group"]?.value {
                    let key = group.references.first.map { "${\($0.resource)}" } ?? group.interpolated ?? ""
                    regexFiltersByGroup[key, default: []].append(resource)
                }
            } catch {
                let location = ScalarLocator.location(ofOffset: error.offset, scalarAt: property.valueLocation, fileText: text)
                diagnostics.append(Diagnostic(.error, "invalid filter pattern: \(error.message)", at: location))
                continue
            }
            let value = resource.properties["metric_value"]
            do throws(MetricTransformationError) {
                _ = try MetricFilter(pattern: pattern, metricValue: value?.value.interpolated ?? "1",
                                     defaultValue: resource.properties["default_value"]?.value.doubleValue)
            } catch {
                diagnostics.append(Diagnostic(.error, error.message, at: value?.valueLocation ?? property.valueLocation))
            }
        }
        for (_, filters) in regexFiltersByGroup where filters.count > maximumRegexFiltersPerLogGroup {
            let names = filters.map { "'\($0.id)'" }.joined(separator: ", ")
            for filter in filters.dropFirst(maximumRegexFiltersPerLogGroup) {
                diagnostics.append(Diagnostic(.error,
                    "metric filters \(names) use regular expressions on the same log group; AWS allows \(maximumRegexFiltersPerLogGroup) such filters per log group",
                    at: filter.properties["pattern"]?.valueLocation ?? filter.location))
            }
        }
        return diagnostics
    }

    /// PutMetricFilter's quota of filter patterns with regular expressions per log group.
    public static let maximumRegexFiltersPerLogGroup = 5

    /// `tests:` must parse; running them is `secmon test`.
    public static let tests: StackChecker = { stack in
        var diagnostics: [Diagnostic] = []
        for resource in stack.resources {
            guard let node = resource.tests else { continue }
            do throws(StackTestError) {
                switch resource.kind {
                case "metric_filter": _ = try MetricFilterTest.parseList(node.plainValue)
                case "alarm": _ = try AlarmScenario.parseList(node.plainValue)
                default: continue
                }
            } catch {
                diagnostics.append(Diagnostic(.error, "\(resource.id).\(error.path): \(error.message)", at: node.node(at: error.path).location))
            }
        }
        return diagnostics
    }

    /// The lints, as warnings.
    public static let lints: StackChecker = { stack in
        StackLinter.lint(lintResources(stack)).map { $0.diagnostic() }
    }

    public static func lintResources(_ stack: ValidatedStack) -> [LintResource] {
        stack.resources.map { resource in
            LintResource(id: resource.id, kind: resource.kind, properties: resource.properties.mapValues(\.value),
                         location: resource.location)
        }
    }
}
