import SecmonCore
import SecmonPlan

/// The plans of a stack with `targets:`, one per account and region, grouped by target. Pure,
/// as every renderer: one plan renders exactly as it does alone.
public enum TargetPlans {
    /// "account 111122223333, region us-east-1".
    public static func label(_ context: DriverContext) -> String {
        label(account: context.accountID, region: context.region)
    }

    public static func label(account: String, region: String) -> String {
        "account \(account), region \(region)"
    }

    /// `=== Target: <label> ===`, bold.
    public static func heading(_ label: String, style: Style = .plain) -> String {
        style.paint("=== Target: \(label) ===", .bold)
    }

    /// The totals over every target.
    public static func summary(_ plans: [Plan]) -> PlanSummary {
        plans.map(\.summary).reduce(into: PlanSummary()) { total, s in
            total.add += s.add
            total.change += s.change
            total.destroy += s.destroy
            total.adopt += s.adopt
            total.release += s.release
        }
    }

    /// Text: each target's plan under `=== Target: <label> ===`, then the totals.
    public static func text(_ plans: [Plan], style: Style = .plain) -> String {
        guard plans.count != 1 else { return PlanTextRenderer.render(plans[0], style: style) }
        var out = ""
        for plan in plans {
            out += heading(label(plan.context), style: style) + "\n"
            out += PlanTextRenderer.render(plan, style: style) + "\n"
        }
        let changed = plans.filter(\.hasChanges).count
        out += style.paint("\(plans.count) targets, \(changed) with changes. "
                           + PlanTextRenderer.summaryLine(summary(plans)), .bold) + "\n"
        return out
    }

    /// Markdown: each target's comment under its own heading, within one comment.
    public static func markdown(_ plans: [Plan], limit: Int = PlanMarkdownRenderer.gitHubCommentLimit) -> String {
        guard plans.count != 1 else { return PlanMarkdownRenderer.render(plans[0], limit: limit) }
        let share = limit / max(plans.count, 1) - 200
        var out = ["**\(plans.count) targets: \(PlanTextRenderer.summaryLine(summary(plans)))**", ""]
        for plan in plans {
            // Each target's comment names its account and region.
            out += ["---", "", PlanMarkdownRenderer.render(plan, limit: share)]
        }
        return out.joined(separator: "\n")
    }

    /// JSON: `targets` holds each target's plan document (docs/plan-json.md).
    public static func json(_ plans: [Plan]) throws -> String {
        guard plans.count != 1 else { return try PlanJSONRenderer.render(plans[0]) }
        let total = summary(plans)
        let node = JSONNode.object([
            "format_version": .string(PlanJSONRenderer.formatVersion),
            "stack": .string(plans.first?.stackName ?? ""),
            "mode": .string((plans.first?.mode ?? .apply).rawValue),
            "has_changes": .bool(plans.contains(where: \.hasChanges)),
            "summary": PlanJSONRenderer.summaryNode(total),
            "targets": .array(plans.map(PlanJSONRenderer.document)),
        ])
        return try PlanJSONRenderer.encode(node)
    }
}
