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
