import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import TestSupport

let context = DriverContext(stackName: "demo", accountID: "123456789012", region: "us-east-1",
                            stackTags: ["team": "security"])

/// Options for tests: waits return at once and are recorded.
func testOptions(secrets: [String: String] = [:], sleeps: SleepLog = SleepLog()) -> DriverOptions {
    DriverOptions(sleeper: { await sleeps.record($0) }, maxConsistencyWait: .seconds(60),
                  secretValues: SecretValueSource(environment: { secrets[$0] },
                                                  readFile: { _ in throw CocoaLikeError() }),
                  concurrency: 4)
}

struct CocoaLikeError: Error {}

actor SleepLog {
    private(set) var sleeps: [Duration] = []
    func record(_ d: Duration) { sleeps.append(d) }
}

/// The tags a resource of the `demo` stack with logical id `id` carries.
func ownedTags(_ id: String, extra: [String: String] = [:]) -> [String: String] {
    var tags = ["secmon:stack": "demo", "secmon:id": id, "secmon:region": "us-east-1", "team": "security"]
    for (k, v) in extra { tags[k] = v }
    return tags
}

func tagList(_ tags: [String: String]) -> AWSValue {
    .list(tags.keys.sorted().map { ["Key": .string($0), "Value": .string(tags[$0]!)] })
}

func tagMap(_ tags: [String: String]) -> AWSValue {
    .map(tags.mapValues { .string($0) })
}

func tagsFromList(_ v: AWSValue) -> [String: String] {
    var out: [String: String] = [:]
    for e in v.list { out[e["Key"].string ?? ""] = e["Value"].string ?? "" }
    return out
}

/// A JSON string (a policy as AWS returns it) parsed back into a value, for assertions.
func json(_ text: String?) -> Value? {
    text.flatMap(PolicyDocument.parse)
}

extension Value {
    /// Test shorthand for a string value.
    static func s(_ text: String) -> Value { .string(text) }
}
