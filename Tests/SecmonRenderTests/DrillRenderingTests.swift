import Foundation
@testable import SecmonDoctor
import SecmonRender
import Testing

/// The drill's live lines and closing summary.
struct DrillRenderingTests {
    let start = Date(timeIntervalSince1970: 1_768_478_400)

    func hop(_ hop: DrillHop, after: Double, since: Double, observed: Bool = true, _ detail: String) -> HopRecord {
        HopRecord(hop: hop, at: start.addingTimeInterval(since), latency: after, sinceTrigger: since, detail: detail, observed: observed)
    }

    @Test func liveLines() {
        #expect([
            DrillEvent.setUp("subscribed temporary queue secmon-drill-d1"),
            .reached(hop(.triggerSent, after: 0, since: 0, "request id r-1")),
            .reached(hop(.logEvent, after: 30, since: 30, "in stream secmon-drill-d1")),
            .reached(hop(.metricDatapoint, after: 200.4, since: 230.4, observed: false, "implied by the alarm")),
            .reached(hop(.notification, after: 3_725, since: 3_955.4, "message m-1")),
            .cleanedUp("deleted queue secmon-drill-d1"),
            .cleanupFailed("queue secmon-drill-d1: AccessDenied"),
        ].map(DrillRendering.line) == [
            "  setup    subscribed temporary queue secmon-drill-d1",
            "  +0:00  trigger sent                       +0s  request id r-1",
            "  +0:30  event in log group                 +30s  in stream secmon-drill-d1",
            "  +3:50  metric datapoint (implied)         +3m20s  implied by the alarm",
            "  +65:55  notification delivered             +1h02m  message m-1",
            "  cleanup  deleted queue secmon-drill-d1",
            "  cleanup  FAILED: queue secmon-drill-d1: AccessDenied",
        ])
    }

    @Test func summaries() {
        func result(_ outcome: DrillResult.Outcome, cleanup: [String] = []) -> DrillResult {
            DrillResult(trigger: .secret, timeline: [hop(.triggerSent, after: 0, since: 0, ""), hop(.notification, after: 95, since: 95, "")],
                        outcome: outcome, cleanupProblems: cleanup)
        }
        #expect(DrillRendering.summary(result(.completed), timeout: 300)
            == "drill from secret: notification delivered 1m35s after the trigger")
        #expect(DrillRendering.summary(result(.timedOut(stoppedAt: .metricDatapoint)), timeout: 300)
            == "drill from secret: stopped before \"metric datapoint\": not reached within 5m00s")
        #expect(DrillRendering.summary(result(.interrupted(stoppedAt: .alarmTransition)), timeout: 300)
            == "drill from secret: interrupted while waiting for \"alarm in ALARM\"")
        var withRule = result(.timedOut(stoppedAt: .logEvent))
        withRule.realTime = .delivered(rule: "r", hop(.realTimeMessage, after: 4, since: 4, "Secret read"))
        #expect(DrillRendering.summary(withRule, timeout: 300) == """
            drill from secret: stopped before "event in log group": not reached within 5m00s
            real-time path (rule r -> topic): message delivered 4s after the trigger
            """)
        withRule.realTime = .notObservable(rule: "r", why: "only a real read (--from secret) goes through CloudTrail to EventBridge; --from alarm does not")
        #expect(DrillRendering.realTimeSummary(withRule)
            == "real-time path (rule r): not observable: only a real read (--from secret) goes through CloudTrail to EventBridge; --from alarm does not")
        withRule.realTime = .failed(rule: "r", why: "interrupted before it arrived")
        #expect(DrillRendering.realTimeSummary(withRule) == "real-time path (rule r -> topic): FAILED: interrupted before it arrived")
        #expect(DrillRendering.realTimeSummary(result(.completed)) == nil)
        #expect(DrillRendering.summary(result(.failed("no such topic"), cleanup: ["queue q", "subscription s"]), timeout: 300)
            == "drill from secret could not run: no such topic\nleft behind (remove by hand): queue q; subscription s")
    }
}
