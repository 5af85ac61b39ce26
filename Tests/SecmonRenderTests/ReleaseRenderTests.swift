import SecmonApply
import SecmonCore
import SecmonPlan
import SecmonRender
import Testing

/// A release (`lifecycle: retain`) in every output: text and markdown goldens cover the
/// blocks; these check the words a reader and a tool look for.
@Suite struct ReleaseRenderTests {
    @Test func aReleaseIsShownAsSuchInEveryFormat() throws {
        let plan = SamplePlans.release
        let json = try PlanJSONRenderer.render(plan)
        #expect(json.contains("\"forget\""))
        #expect(json.contains("\"release_because_retained\""))
        #expect(json.contains("\"release\" : 1"))
        let markdown = PlanMarkdownRenderer.render(plan)
        #expect(markdown.contains("secmon releases 1 resource"))
        #expect(markdown.contains("`kept_logs` (log_group)"))
        let result = ApplyResult(steps: [
            StepResult(step: Step(address: "kept_logs", kind: "log_group", operation: .release, physicalID: "/kept/logs"),
                       status: .done(note: nil), duration: .milliseconds(100)),
        ])
        #expect(ApplyResultRenderer.render(result, mode: .destroy) == "Destroy complete! Resources: 0 destroyed, 1 released.\n")
    }
}
