import SecmonApply
import SecmonPlan
import SecmonRender

/// How a plan is shown: `--format text` (Terraform style), `json` (docs/plan-json.md) or
/// `markdown` (a pull-request comment). Each is a pure renderer in SecmonRender.
enum PlanFormat: String, CaseIterable {
    case text, json, markdown
}

protocol PlanView {
    /// One plan, or a stack's `targets:` plans grouped by target.
    func show(_ plans: [Plan]) throws
}

struct PlanTextView: PlanView {
    let io: CommandIO
    let style: Style
    func show(_ plans: [Plan]) { io.writeOut(TargetPlans.text(plans, style: style)) }
}

struct PlanJSONView: PlanView {
    let io: CommandIO
    func show(_ plans: [Plan]) throws { io.writeOut(try TargetPlans.json(plans)) }
}

struct PlanMarkdownView: PlanView {
    let io: CommandIO
    func show(_ plans: [Plan]) { io.writeOut(TargetPlans.markdown(plans)) }
}

extension PlanFormat {
    func view(_ io: CommandIO, style: Style) -> any PlanView {
        switch self {
        case .text: return PlanTextView(io: io, style: style)
        case .json: return PlanJSONView(io: io)
        case .markdown: return PlanMarkdownView(io: io)
        }
    }
}

/// What apply and destroy show: the plan, the question, each step as it happens, the summary.
struct ApplyView: Sendable {
    let io: CommandIO
    let style: Style

    func plan(_ plans: [Plan]) { io.writeOut(TargetPlans.text(plans, style: style)) }

    /// Asks for `yes`; anything else declines.
    func confirm(_ plan: Plan) -> Bool {
        let verb = plan.mode == .destroy ? "destroy everything above" : "perform these actions"
        io.out("\nDo you want to \(verb)?")
        io.out("  Only 'yes' will be accepted to approve.")
        io.writeOut("\n  Enter a value: ")
        return io.readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }

    func declined() { io.out("\nNothing was changed.") }
    func starting() { io.out("") }
    func progress(_ event: ApplyEvent) { io.out(ApplyResultRenderer.progressLine(event, style: style)) }

    /// A target's progress lines start with its label.
    func progress(_ event: ApplyEvent, target: String) {
        io.out("[\(target)] " + ApplyResultRenderer.progressLine(event, style: style))
    }

    func result(_ result: ApplyResult, mode: PlanMode, target: String? = nil) {
        io.out("")
        if let target { io.out(TargetPlans.heading(target, style: style)) }
        io.out(ApplyResultRenderer.render(result, mode: mode, style: style))
    }
}
