import SecmonApply
import SecmonPlan
import SecmonRender
import XCTest

final class ApplyRenderTests: XCTestCase {
    private let secret = Step(address: "top_secret", kind: "secret", operation: .delete, physicalID: "TopSecretInfo")
    private let topic = Step(address: "alerts", kind: "topic", operation: .create, physicalID: "SecurityAlarms")
    private let alarm = Step(address: "secret_read_alarm", kind: "alarm", operation: .update, physicalID: "SecretIsAccessed")
    private let subscription = Step(address: "alert_email", kind: "subscription", operation: .create, physicalID: nil)

    func testSuccessSummaryCountsAndNotes() {
        let result = ApplyResult(steps: [
            StepResult(step: topic, status: .done(note: nil), duration: .seconds(1)),
            StepResult(step: alarm, status: .done(note: nil), duration: .milliseconds(300)),
            StepResult(step: secret, status: .done(note: "scheduled for deletion on 2026-12-25"), duration: .seconds(2)),
        ])
        XCTAssertEqual(ApplyResultRenderer.render(result), """
            Apply complete! Resources: 1 added, 1 changed, 1 destroyed.

            Notes:
              top_secret: scheduled for deletion on 2026-12-25

            """)
    }

    func testFailureSummarySaysWhatWasDoneFailedAndNotStarted() {
        let result = ApplyResult(steps: [
            StepResult(step: topic, status: .done(note: nil), duration: .seconds(1)),
            StepResult(step: alarm, status: .failed(StepFailure(kind: .service, code: "AccessDenied",
                                                                 message: "AccessDenied: not allowed")), duration: .seconds(1)),
            StepResult(step: subscription, status: .skipped(.failedDependencies([alarm])), duration: nil),
        ])
        XCTAssertEqual(ApplyResultRenderer.render(result), """
            Apply failed: 1 failed, 1 done, 1 not started.

            Done (resources: 1 added, 0 changed, 0 destroyed):
              ✓ create topic alerts ("SecurityAlarms")
            Failed:
              ✗ update alarm secret_read_alarm ("SecretIsAccessed"): AccessDenied: not allowed
            Not started:
              - create subscription alert_email (because update alarm secret_read_alarm failed)

            Fix the failure and run apply again: it picks up from what is already done.

            """)
    }

    func testDestroyWording() {
        let done = ApplyResult(steps: [StepResult(step: secret, status: .done(note: "scheduled for deletion on 2026-12-25"),
                                                  duration: .seconds(1))])
        XCTAssertEqual(ApplyResultRenderer.render(done, mode: .destroy), """
            Destroy complete! Resources: 1 destroyed.

            Notes:
              top_secret: scheduled for deletion on 2026-12-25

            """)
        let failed = ApplyResult(steps: [StepResult(step: secret, status: .failed(StepFailure(kind: .service, message: "throttled")), duration: .seconds(1))])
        let text = ApplyResultRenderer.render(failed, mode: .destroy)
        XCTAssertTrue(text.hasPrefix("Destroy failed: 1 failed, 0 done, 0 not started."), text)
        XCTAssertTrue(text.contains("run destroy again"), text)
    }

    func testAnInterruptedApplySaysSoAndHowToFinish() {
        let result = ApplyResult(steps: [
            StepResult(step: topic, status: .done(note: nil), duration: .seconds(1)),
            StepResult(step: subscription, status: .skipped(.stopped), duration: nil),
        ], stopReason: .interrupted)
        XCTAssertEqual(ApplyResultRenderer.render(result), """
            Apply interrupted: 0 failed, 1 done, 1 not started.

            Done (resources: 1 added, 0 changed, 0 destroyed):
              ✓ create topic alerts ("SecurityAlarms")
            Failed:
              nothing
            Not started:
              - create subscription alert_email (stopped before its turn)

            Run apply again to finish: it picks up from what is already done.

            """)
    }

    func testProgressLines() {
        XCTAssertEqual(ApplyResultRenderer.progressLine(.started(topic)), "alerts: creating topic \"SecurityAlarms\"...")
        XCTAssertEqual(ApplyResultRenderer.progressLine(.finished(topic, .done(note: nil), .milliseconds(1234))),
                       "alerts: created topic \"SecurityAlarms\" in 1.2s")
        XCTAssertEqual(ApplyResultRenderer.progressLine(.finished(secret, .done(note: "scheduled"), .seconds(75))),
                       "top_secret: destroyed secret \"TopSecretInfo\" in 1m15s (scheduled)")
        XCTAssertEqual(ApplyResultRenderer.progressLine(.finished(subscription, .failed(StepFailure(kind: .other, message: "boom")), .zero)),
                       "alert_email: failed to create subscription after 0.0s: boom")
    }
}
