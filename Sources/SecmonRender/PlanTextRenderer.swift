import SecmonCore
import SecmonPlan

/// A plan as Terraform-style text. Pure: the same plan always renders the same text.
public enum PlanTextRenderer {
    public static func render(_ plan: Plan, style: Style = .plain) -> String {
        var out: [String] = []
        let ctx = plan.context
        out.append("Stack \(plan.stackName), account \(ctx.accountID), region \(ctx.region).")
        out.append("")
        out += watchedLines(plan)
        let changing = plan.actions.filter { $0.action.changes }
        guard !changing.isEmpty else {
            out.append(style.paint(noChangesLine(plan), .bold))
            return out.joined(separator: "\n") + "\n"
        }
        out.append("Resource actions are indicated with the following symbols:")
        for symbol in legendOrder where changing.contains(where: { Self.symbol(for: $0) == symbol }) {
            out.append(symbol.column.replacingOccurrences(of: symbol.rawValue, with: style.paint(symbol.rawValue, symbol.paint))
                       + " " + legend(symbol))
        }
        out.append("")
        out.append(plan.mode == .destroy ? "secmon will destroy the following resources:" :
                   "secmon will perform the following actions:")
        for action in changing {
            out.append("")
            out += block(action, plan: plan, style: style)
        }
        out.append("")
        out.append(style.paint(summaryLine(plan.summary), .bold))
        return out.joined(separator: "\n") + "\n"
    }

    /// The resources the stack watches: read, never changed. Empty when it watches none.
    /// The global resources shared across regions and managed from another: read here too.
    public static func watchedLines(_ plan: Plan) -> [String] {
        func line(_ a: PlannedAction) -> String {
            "  <= \(a.kind) \(ValueText.quoted(a.address))" + (a.physicalID.map { " (\(ValueText.quoted($0)))" } ?? "")
                + (a.sharedFromRegion.map { " managed from \($0)" } ?? "")
        }
        let read = plan.actions.filter { $0.action == .read }
        let watched = read.filter { $0.sharedFromRegion == nil }, shared = read.filter { $0.sharedFromRegion != nil }
        var out: [String] = []
        if !watched.isEmpty { out += ["Read, never changed (watch: true):"] + watched.map(line) + [""] }
        if !shared.isEmpty { out += ["Read, never changed here (shared_across_regions: true):"] + shared.map(line) + [""] }
        return out
    }

    /// `Plan: 9 to add, 0 to change, 0 to destroy.`, with the adoptions first and the releases
    /// last when there are any; or the no-change sentence.
    public static func summaryLine(_ summary: PlanSummary) -> String {
        let adopt = summary.adopt > 0 ? "\(summary.adopt) to adopt, " : ""
        let release = summary.release > 0 ? ", \(summary.release) to release" : ""
        return "Plan: \(adopt)\(summary.add) to add, \(summary.change) to change, \(summary.destroy) to destroy\(release)."
    }

    static func noChangesLine(_ plan: Plan) -> String {
        plan.mode == .destroy
            ? "No changes. Stack \(plan.stackName) owns nothing in this account."
            : "No changes. Your account matches the stack."
    }

    private static let legendOrder: [Symbol] = [.create, .update, .delete, .deleteThenCreate, .createThenDelete, .adopt, .release]

    static func legend(_ symbol: Symbol) -> String {
        switch symbol {
        case .create: return "create"
        case .update: return "update in place"
        case .delete: return "destroy"
        case .deleteThenCreate: return "destroy and then create replacement"
        case .createThenDelete: return "create replacement and then destroy"
        case .adopt: return "adopt (take ownership of an existing resource)"
        case .release: return "release (keep it, and stop managing it: lifecycle retain)"
        }
    }

    static func symbol(for action: PlannedAction) -> Symbol? {
        switch action.action {
        case .create: return .create
        case .update: return .update
        case .delete: return .delete
        case .adopt: return .adopt
        case .release: return .release
        case .replace: return action.replacementOrder == .createThenDelete ? .createThenDelete : .deleteThenCreate
        case .noop, .read: return nil
        }
    }

    /// One resource's block: its headline comment, then the resource with its properties.
    static func block(_ action: PlannedAction, plan: Plan, style: Style) -> [String] {
        guard let symbol = symbol(for: action) else { return [] }
        var out = ["  " + style.paint("# " + headline(action, plan: plan), .bold)]
        out.append(style.paint(symbol.column, symbol.paint) + " \(action.kind) \(ValueText.quoted(action.address)) {")
        switch action.action {
        case .create:
            out += allProperties(action.properties, symbol: .create, style: style)
        case .delete:
            out += allProperties(action.live?.properties ?? [:], symbol: .delete, style: style)
        case .update, .adopt, .replace:
            out += changedProperties(action, style: style)
        case .release:
            out.append("      " + style.paint("# kept as it is; only secmon's own tags are removed", .bold))
        case .noop, .read:
            break
        }
        out += writeOnlyLines(action, style: style)
        out.append("    }")
        return out
    }

    /// What happens to each write-only value, which the plan itself never shows:
    /// `# value: will be written (read from its source during apply)`.
    public static func writeOnlyLines(_ action: PlannedAction, style: Style) -> [String] {
        guard action.action != .delete, action.action != .release, let values = action.writeOnly else { return [] }
        return values.keys.sorted().compactMap { property in
            let text: String
            switch values[property] {
            case .written?: text = "will be written (read from its source during apply)"
            case .kept? where action.action == .adopt:
                text = "kept as it is: adopting never overwrites it (bump its version after adopting to write it)"
            case .kept?: text = "kept as it is in AWS"
            case .unmanaged?: text = "not managed: the stack names no source, so secmon never writes it"
            case nil: return nil
            }
            return "      " + style.paint("# \(property): \(text)", .bold)
        }
    }

    static func headline(_ action: PlannedAction, plan: Plan) -> String {
        let oldID = action.live?.physicalID
        let newID = action.physicalID
        var what = "\(action.address) (\(action.kind)"
        switch (action.action, oldID, newID) {
        case (.replace, let old?, let new?) where old != new:
            what += " \(ValueText.quoted(old)) -> \(ValueText.quoted(new))"
        case (.delete, let old?, _) where action.address.contains(old), (.release, let old?, _) where action.address.contains(old):
            break
        case (.delete, let old?, _), (.release, let old?, _), (.replace, let old?, nil):
            what += " \(ValueText.quoted(old))"
        case (_, _, let new?):
            what += " \(ValueText.quoted(new))"
        default:
            break
        }
        what += ")"
        switch action.action {
        case .create: return what + " will be created"
        case .update: return what + " will be updated in place"
        case .adopt: return what + " will be adopted: it exists and secmon will manage it from now on"
        case .replace:
            return what + (action.replacementOrder == .createThenDelete
                ? " must be replaced: the new one is created before the old one is destroyed"
                : " must be replaced: the old one is destroyed before the new one is created")
        case .delete:
            return what + (plan.mode == .destroy ? " will be destroyed" : " will be destroyed: it is no longer in the stack")
        case .release:
            return what + (plan.mode == .destroy ? " will be released: kept in the account (lifecycle retain), no longer managed"
                : " will be released: it is no longer in the stack and is kept (lifecycle retain), no longer managed")
        case .noop, .read: return what
        }
    }

    private static func allProperties(_ properties: [String: Value], symbol: Symbol, style: Style) -> [String] {
        let keys = properties.keys.sorted().filter { properties[$0] != .null }
        let width = keys.map(\.count).max() ?? 0
        var out: [String] = []
        for key in keys {
            var sub = ValueText.lines(properties[key] ?? .null, symbol: symbol, indent: 6, style: style)
            sub[0] = "      " + style.paint(symbol.rawValue, symbol.paint) + " " + ValueText.pad(key, width) + " = " + sub[0]
            out += sub
        }
        return out
    }

    private static func changedProperties(_ action: PlannedAction, style: Style) -> [String] {
        let changes = action.changes.sorted { $0.path < $1.path }
        let width = changes.map(\.path.count).max() ?? 0
        var out: [String] = []
        for change in changes {
            out += ChangeText.lines(key: change.path, old: change.old, new: change.new, forces: change.forcesReplacement,
                                    indent: 6, width: width, style: style)
        }
        if action.action == .replace, action.replacementCauses.isEmpty {
            out.append("        " + style.paint("# (replaced because its physical id changes)", .red))
        }
        let touched = Set(changes.map { $0.path.split(separator: ".").first.map(String.init) ?? $0.path })
        let unchanged = action.properties.keys.filter { !touched.contains($0) && action.properties[$0] != .null }.count
        out += ChangeText.hidden(unchanged, "property", plural: "properties", indent: 6, style: style)
        return out
    }
}
