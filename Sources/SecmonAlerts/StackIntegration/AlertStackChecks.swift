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
        diagnostics += eventRuleProblems(stack)
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

    /// Event patterns written in the stack (a generated `${secret.read_event_pattern}` is valid
    /// by construction) and input transformers.
    static func eventRuleProblems(_ stack: ValidatedStack) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for resource in stack.resources {
            switch resource.kind {
            case "event_rule":
                guard let property = resource.properties["event_pattern"], property.value.references.isEmpty,
                      let text = property.value.stringValue else { continue }
                do throws(EventPatternError) { _ = try EventPattern(text) } catch {
                    diagnostics.append(Diagnostic(.error, "invalid event pattern: \(error.message)", at: property.valueLocation))
                }
            case "event_target":
                let target = LintResource(id: resource.id, kind: resource.kind, properties: resource.properties.mapValues(\.value))
                do throws(EventPatternError) { _ = try transformer(of: target) } catch {
                    let at = resource.properties["input_paths"] ?? resource.properties["input_template"]
                    diagnostics.append(Diagnostic(.error, "invalid input transformer: \(error.message)", at: at?.valueLocation ?? resource.location))
                }
            default:
                continue
            }
        }
        return diagnostics
    }

    /// An event target's input transformer; nil when it has no `input_template` (the target
    /// receives the whole event).
    static func transformer(of target: LintResource) throws(EventPatternError) -> InputTransformer? {
        guard let template = target.properties["input_template"]?.interpolated else { return nil }
        var paths: [String: String] = [:]
        for (name, path) in target.properties["input_paths"]?.mapValue ?? [:] {
            paths[name] = path.interpolated ?? path.stringValue ?? ""
        }
        return try InputTransformer(pathsMap: paths, template: template)
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
                case "event_rule": _ = try MetricFilterTest.parseRuleTests(node.plainValue)
                case "event_target": _ = try EventTargetTest.parseList(node.plainValue)
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
