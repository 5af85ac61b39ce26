import Foundation
import SecmonAlerts
import Testing

@Test func theFixtureLogFileFiresOnceAndNamesTheCallers() throws {
    let pattern = try FilterPattern(#"{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "GetSecretValue") }"#)
    var metric = MetricAccumulator(filter: try MetricFilter(pattern: pattern, defaultValue: 0))
    try LogEventReader.forEachEvent(in: try FileByteSource(path: fixture("111122223333_CloudTrail_us-east-1_20260115T1215Z_Mu0KsOhtH1ar15ZZ.json.gz"))) {
        (event: LogEvent) throws(LogInputError) in metric.add(event)
    }
    #expect(metric.eventCount == 6)
    #expect(metric.matchCount == 4)
    let result = BacktestResult(alarm: try AlarmDefinition(), metric: metric)
    // Reads at 12:00:30 and 12:04:55 (period 12:00-12:05), 12:03:10 too; 12:09:12 in the next.
    #expect(result.firings.count == 1)
    #expect(result.firings.first?.time == Date(timeIntervalSince1970: 1_768_478_700))  // 12:05
    #expect(result.firings.first?.principals == [
        "arn:aws:iam::111122223333:user/alice": 2,
        "arn:aws:sts::111122223333:assumed-role/DeployRole/deploy-session": 1,
    ])
}

@Test func tenSecondBucketsRollUpIntoPeriods() throws {
    var metric = MetricAccumulator(filter: try MetricFilter(pattern: try FilterPattern("ERROR"), defaultValue: 0))
    for (second, message) in [(5, "ERROR a"), (15, "ok"), (65, "ERROR b"), (125, "ERROR c")] {
        metric.add(LogEvent(message: message, timestamp: Date(timeIntervalSince1970: 1_767_225_600 + Double(second))))
    }
    metric.add(LogEvent(message: "ERROR untimed"))
    #expect(metric.untimedCount == 1)
    let minutes = metric.datapoints(period: 60)
    #expect(minutes.count == 3)
    #expect(minutes[Date(timeIntervalSince1970: 1_767_225_600)]?.sampleCount == 2)
    #expect(minutes[Date(timeIntervalSince1970: 1_767_225_600)]?.sum == 1)
    let fiveMinutes = metric.datapoints(period: 300)
    #expect(fiveMinutes.count == 1)
    #expect(fiveMinutes.values.first?.sum == 3)
}
