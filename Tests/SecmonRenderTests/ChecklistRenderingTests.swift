import Foundation
@testable import SecmonDoctor
import SecmonRender
import Testing

struct ChecklistRenderingTests {
    let sample = Checklist(subject: "secret TopSecretInfo in us-east-1 (stack demo)", checks: [
        LinkCheck(id: "trail.logging", title: "Trail is logging", status: .ok, evidence: "trail t is logging"),
        LinkCheck(id: "trail.delivery", title: "Recent delivery with no delivery error", status: .unknown,
                  evidence: "GetTrailStatus returned no LatestCloudWatchLogsDeliveryTime"),
        LinkCheck(id: "alarm.can_fire", title: "Alarm statistic and threshold can fire on one read", status: .fail,
                  evidence: "Average >= 1: one read averages below 1", fix: "Use `statistic: Sum`."),
    ], notes: ["2 trails; checking t"])

    @Test func textGolden() {
        #expect(ChecklistRendering.text(sample) == """
        secmon doctor: secret TopSecretInfo in us-east-1 (stack demo)
        note: 2 trails; checking t

          ok       Trail is logging [trail.logging]
                   trail t is logging
          unknown  Recent delivery with no delivery error [trail.delivery]
                   GetTrailStatus returned no LatestCloudWatchLogsDeliveryTime
          FAIL     Alarm statistic and threshold can fire on one read [alarm.can_fire]
                   Average >= 1: one read averages below 1
                   fix: Use `statistic: Sum`.

        1 ok, 0 warn, 1 fail, 1 unknown: the pipeline is broken

        """)
    }

    /// Two chains: each checklist in turn and a verdict per chain; JSON wraps them in `chains`
    /// with the worst exit code. One chain renders exactly as the single checklist.
    @Test func severalChains() throws {
        let healthy = Checklist(subject: "secret prod/db/password in us-east-1 (stack demo)", checks: [
            LinkCheck(id: "trail.logging", title: "Trail is logging", status: .ok, evidence: "trail t is logging"),
        ])
        let text = ChecklistRendering.text([sample, healthy])
        #expect(text.hasPrefix(ChecklistRendering.text(sample) + "\n" + ChecklistRendering.text(healthy)))
        #expect(text.hasSuffix("""
            2 chains checked apart:
              secret TopSecretInfo in us-east-1 (stack demo): 1 ok, 0 warn, 1 fail, 1 unknown: the pipeline is broken
              secret prod/db/password in us-east-1 (stack demo): 1 ok, 0 warn, 0 fail, 0 unknown: every link is ok

            """))
        #expect(ChecklistRendering.text([sample]) == ChecklistRendering.text(sample))
        #expect(ChecklistRendering.json([sample]) == ChecklistRendering.json(sample))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ChecklistRendering.json([healthy, sample]).utf8)) as? [String: Any])
        #expect(json["exitCode"] as? Int == 2)
        let chains = try #require(json["chains"] as? [[String: Any]])
        #expect(chains.map { $0["subject"] as? String } == [healthy.subject, sample.subject])
        #expect(chains.map { $0["exitCode"] as? Int } == [0, 2])
        #expect(Checklist.exitCode(of: [healthy]) == 0)
        #expect(Checklist.exitCode(of: [healthy, Checklist(subject: "s", checks: [LinkCheck(id: "a", title: "a", status: .unknown, evidence: "")])]) == 3)
    }

    @Test func jsonGolden() {
        #expect(ChecklistRendering.json(sample) == """
        {
          "checks" : [
            {
              "evidence" : "trail t is logging",
              "id" : "trail.logging",
              "status" : "ok",
              "title" : "Trail is logging"
            },
            {
              "evidence" : "GetTrailStatus returned no LatestCloudWatchLogsDeliveryTime",
              "id" : "trail.delivery",
              "status" : "unknown",
              "title" : "Recent delivery with no delivery error"
            },
            {
              "evidence" : "Average >= 1: one read averages below 1",
              "fix" : "Use `statistic: Sum`.",
              "id" : "alarm.can_fire",
              "status" : "fail",
              "title" : "Alarm statistic and threshold can fire on one read"
            }
          ],
          "exitCode" : 2,
          "notes" : [
            "2 trails; checking t"
          ],
          "subject" : "secret TopSecretInfo in us-east-1 (stack demo)",
          "summary" : {
            "fail" : 1,
            "not_checked" : 0,
            "ok" : 1,
            "unknown" : 1,
            "warn" : 0
          }
        }

        """)
    }

    /// doctor on a stack with `targets:`: each target's checklist under its heading, then the
    /// verdicts; the worst exit code.
    @Test func targetsAreGroupedAndTheWorstExitCodeWins() throws {
        let ok = Checklist(subject: "s", checks: [LinkCheck(id: "a", title: "t", status: .ok, evidence: "e")])
        let targets = [TargetChecklist(account: "111111111111", region: "us-east-1", checklists: [ok]),
                       TargetChecklist(account: "222222222222", region: "eu-west-1", checklists: [sample])]
        let text = ChecklistRendering.text(targets)
        #expect(text.hasPrefix("=== Target: account 111111111111, region us-east-1 ===\nsecmon doctor: s\n"), "\(text)")
        #expect(text.contains("=== Target: account 222222222222, region eu-west-1 ===\nsecmon doctor: secret TopSecretInfo"))
        #expect(text.hasSuffix("\n2 targets: 1 every link ok, 1 broken, 0 not proven\n"), "\(text)")
        #expect(TargetChecklist.exitCode(targets) == 2)
        #expect(TargetChecklist.exitCode([targets[0]]) == 0)
        let json = ChecklistRendering.json(targets)
        #expect(json.contains("\"account\" : \"222222222222\",\n      \"chains\" : [\n"), "\(json)")
        #expect(json.hasPrefix("{\n  \"exitCode\" : 2,\n  \"targets\" : [\n"), "\(json)")
    }

    @Test func exitCodes() {
        func list(_ statuses: LinkStatus...) -> Checklist {
            Checklist(subject: "s", checks: statuses.enumerated().map { LinkCheck(id: "l\($0)", title: "t", status: $1, evidence: "e") })
        }
        #expect(list(.ok, .ok).exitCode == 0)
        #expect(list(.ok, .fail, .unknown).exitCode == 2)
        #expect(list(.ok, .warn).exitCode == 3)
        // Unknown is never ok.
        #expect(list(.ok, .unknown).exitCode == 3)
    }
}
