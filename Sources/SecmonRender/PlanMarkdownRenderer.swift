import SecmonCore
import SecmonPlan

/// A plan as a pull-request comment (GitHub-flavoured Markdown): the summary line, a table of
/// changes, warnings for what is destroyed or adopted, and each resource's details in a
/// collapsed block. Pure; values marked sensitive show as `(sensitive)`, as in the text plan.
///
/// GitHub refuses comments over 65,536 characters. Past `limit`, the details of the last
/// resources are left out (the table still lists every change), then, if still too long, the
/// table's last rows; a closing note says how many were left out and to run `secmon plan`.
public enum PlanMarkdownRenderer {
    /// GitHub's limit on a comment's body.
    public static let gitHubCommentLimit = 65_536

    public static func render(_ plan: Plan, limit: Int = gitHubCommentLimit) -> String {
        let ctx = plan.context
        var head = ["### secmon plan: stack `\(plan.stackName)`", "",
                    "Account `\(ctx.accountID)`, region `\(ctx.region)`\(plan.mode == .destroy ? ", destroy mode" : "").", ""]
        let changing = plan.actions.filter { $0.action.changes }
        guard !changing.isEmpty else {
            head.append("**\(PlanTextRenderer.noChangesLine(plan))**")
            return head.joined(separator: "\n") + "\n"
        }
        head.append("**\(PlanTextRenderer.summaryLine(plan.summary))**")
        head.append("")
        head += warnings(changing, plan: plan)
        let rows = changing.map(row)
        let blocks = changing.map { detailBlock($0, plan: plan) }
        let tableHead = ["| | Resource | Kind | Action | Why |", "|---|---|---|---|---|"]

        // Drop details, then rows, from the end until it fits; say what was left out.
        var keptDetails = blocks.count, keptRows = rows.count
        func assemble() -> String {
            var out = head + tableHead + rows.prefix(keptRows)
            if keptRows < rows.count { out.append("| | … | | | |") }
            out.append("")
            if keptDetails > 0 {
                out.append("#### Details")
                out.append("")
                out += blocks.prefix(keptDetails).flatMap { $0 }
            }
            if keptDetails < blocks.count {
                let left = blocks.count - keptDetails
                let rowsNote = keptRows < rows.count ? " and \(rows.count - keptRows) rows of the table" : ""
                out.append("_The details of \(left) resource\(left == 1 ? "" : "s")\(rowsNote) are left out to fit "
                           + "a GitHub comment (\(gitHubCommentLimit) characters); run `secmon plan` for the whole plan._")
                out.append("")
            }
            return out.joined(separator: "\n")
        }
        var text = assemble()
        while text.utf16.count > limit, keptDetails > 0 {
            keptDetails -= 1
            text = assemble()
        }
        while text.utf16.count > limit, keptRows > 0 {
            keptRows -= 1
            text = assemble()
        }
        return text
    }

    private static func row(_ action: PlannedAction) -> String {
        let symbol = PlanTextRenderer.symbol(for: action).map { "`\($0.rawValue)`" } ?? ""
        let what = PlanTextRenderer.symbol(for: action).map(PlanTextRenderer.legend) ?? ""
        return "| \(symbol) | `\(cell(action.address))` | \(action.kind) | \(what) | \(cell(why(action))) |"
    }

    /// Why a replacement happens, in a few words.
    static func why(_ action: PlannedAction) -> String {
        guard action.action == .replace else { return "" }
        let causes = action.replacementCauses
        return causes.isEmpty ? "its physical id changes"
            : causes.map { "`\($0)`" }.joined(separator: ", ") + (causes.count == 1 ? " forces it" : " force it")
    }

    private static func warnings(_ changing: [PlannedAction], plan: Plan) -> [String] {
        var lines: [String] = []
        let destroyed = changing.filter { $0.action == .delete || $0.action == .replace }
        if !destroyed.isEmpty {
            let names = destroyed.map { "`\(cell($0.address))` (\($0.kind))" }.joined(separator: ", ")
            lines += ["> [!WARNING]", "> This plan destroys \(destroyed.count) resource\(destroyed.count == 1 ? "" : "s"): \(names)."]
            if destroyed.contains(where: { $0.kind == "secret" }) {
                lines.append("> A destroyed secret is scheduled for deletion after its recovery window.")
            }
            lines.append("")
        }
        let released = changing.filter { $0.action == .release }
        if !released.isEmpty {
            let names = released.map { "`\(cell($0.address))` (\($0.kind))" }.joined(separator: ", ")
            lines += ["> [!NOTE]", "> secmon releases \(released.count) resource\(released.count == 1 ? "" : "s") "
                + "(lifecycle retain: kept in the account, no longer managed by this stack): \(names).", ""]
        }
        let adopted = changing.filter { $0.action == .adopt }
        if !adopted.isEmpty {
            let names = adopted.map { "`\(cell($0.address))` (\($0.kind))" }.joined(separator: ", ")
            lines += ["> [!NOTE]", "> secmon takes ownership of \(adopted.count) existing resource\(adopted.count == 1 ? "" : "s"): \(names).", ""]
        }
        return lines
    }

    /// A `<details>` block holding the resource's part of the text plan as a diff, so GitHub
    /// colours additions and removals (the change symbol moves to the first column).
    private static func detailBlock(_ action: PlannedAction, plan: Plan) -> [String] {
        let headline = PlanTextRenderer.headline(action, plan: plan)
        var block = PlanTextRenderer.block(action, plan: plan, style: .plain)
        block.removeFirst() // the headline, which becomes the summary
        return ["<details><summary>\(html(headline))</summary>", "", "```diff"]
            + block.map(diffLine) + ["```", "", "</details>", ""]
    }

    /// `      + name = "x"` -> `+       name = "x"`; `~` becomes `!`, which GitHub colours too.
    static func diffLine(_ line: String) -> String {
        guard let index = line.firstIndex(where: { $0 != " " }), index != line.startIndex else { return line }
        let rest = line[index...]
        for (symbol, mark) in [("-/+", "!"), ("+/-", "!"), ("+ ", "+"), ("- ", "-"), ("~ ", "!")] where rest.hasPrefix(symbol) {
            return mark + line.dropFirst()
        }
        return line
    }

    /// Text inside a table cell: no pipes or newlines to break the row.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
