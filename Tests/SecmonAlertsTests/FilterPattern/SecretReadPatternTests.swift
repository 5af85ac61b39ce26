import Foundation
import SecmonAlerts
import SecmonCore
import Testing

/// `${secret.read_pattern}` through the offline evaluator: CloudTrail records of every way to
/// read the secret match; near misses (other names, other accounts and regions, other
/// operations) do not.
struct SecretReadPatternTests {
    static let account = "111122223333"
    static let live = SecretIdentity(name: "TopSecretInfo", region: "us-east-1", account: account, arnSuffix: "AbCdEf")
    static let offline = SecretIdentity(name: "TopSecretInfo", region: "us-east-1", account: account)
    static let partial = "arn:aws:secretsmanager:us-east-1:111122223333:secret:TopSecretInfo"
    static let full = partial + "-AbCdEf"

    /// A CloudTrail record as the service writes it (the fields the pattern looks at, and some).
    static func record(_ eventName: String = "GetSecretValue", source: String = "secretsmanager.amazonaws.com",
                       account: String = account, region: String = "us-east-1",
                       parameters: [String: Any], errorCode: String? = nil) -> LogEvent {
        var record: [String: Any] = [
            "eventVersion": "1.09", "eventTime": "2026-01-15T12:00:00Z", "eventSource": source, "eventName": eventName,
            "awsRegion": region, "sourceIPAddress": "203.0.113.7", "userAgent": "aws-cli/2.15",
            "requestParameters": parameters, "responseElements": NSNull(), "readOnly": true,
            "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": account,
            "userIdentity": ["type": "IAMUser", "accountId": account, "arn": "arn:aws:iam::\(account):user/alice"],
        ]
        if let errorCode { record["errorCode"] = errorCode }
        let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        return LogEvent(message: String(decoding: data, as: UTF8.self))
    }

    static var reads: [(String, LogEvent)] {[
        ("by name", record(parameters: ["secretId": "TopSecretInfo"])),
        ("by partial ARN", record(parameters: ["secretId": partial])),
        ("by full ARN", record(parameters: ["secretId": full])),
        ("a failed read", record(parameters: ["secretId": "TopSecretInfo", "versionId": "nope"], errorCode: "ResourceNotFoundException")),
        ("denied", record(parameters: ["secretId": full], errorCode: "AccessDenied")),
        ("batch, by name among others", record("BatchGetSecretValue", parameters: ["secretIdList": ["OtherSecret", "TopSecretInfo"]])),
        ("batch, by partial ARN", record("BatchGetSecretValue", parameters: ["secretIdList": [partial]])),
        ("batch, by full ARN", record("BatchGetSecretValue", parameters: ["secretIdList": [full, "x"]])),
        ("from another account by ARN, in this account's copy", record(parameters: ["secretId": full])),
    ]}

    static var nearMisses: [(String, LogEvent)] {[
        ("a suffix", record(parameters: ["secretId": "TopSecretInfoBackup"])),
        ("a prefix", record(parameters: ["secretId": "OldTopSecretInfo"])),
        ("a path", record(parameters: ["secretId": "staging/TopSecretInfo"])),
        ("a hyphenated sibling", record(parameters: ["secretId": "TopSecretInfo-v2"])),
        ("the sibling's full ARN", record(parameters: ["secretId": partial + "-v2-XyZ123"])),
        ("a sibling's partial ARN", record(parameters: ["secretId": partial + "Backup"])),
        ("the ARN of a path sibling", record(parameters: ["secretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:staging/TopSecretInfo-AbCdEf"])),
        ("the same name in another account", record(account: "444455556666", parameters: ["secretId": "TopSecretInfo"])),
        ("another account's secret of the same name by ARN",
         record(account: "444455556666", parameters: ["secretId": "arn:aws:secretsmanager:us-east-1:444455556666:secret:TopSecretInfo-AbCdEf"])),
        ("the caller account's copy of a cross-account read", record(account: "444455556666", parameters: ["secretId": full])),
        ("the same name in another region", record(region: "eu-west-1", parameters: ["secretId": "TopSecretInfo"])),
        ("describing it", record("DescribeSecret", parameters: ["secretId": "TopSecretInfo"])),
        ("writing it", record("PutSecretValue", parameters: ["secretId": "TopSecretInfo"])),
        ("a batch of others", record("BatchGetSecretValue", parameters: ["secretIdList": ["TopSecretInfoBackup", "staging/TopSecretInfo"]])),
        ("a batch by filters (its GetSecretValue records are matched instead)",
         record("BatchGetSecretValue", parameters: ["filters": [["key": "name", "values": ["TopSecret"]]]])),
        ("another service's event of the same name", record(source: "example.amazonaws.com", parameters: ["secretId": "TopSecretInfo"])),
        ("a secret id in a string that is not the secretId",
         record(parameters: ["secretId": "OtherSecret", "versionStage": "TopSecretInfo"])),
    ]}

    @Test(arguments: [live, offline])
    func everyReadMatches(_ identity: SecretIdentity) throws {
        let pattern = try FilterPattern(SecretReadPattern.pattern(for: identity))
        for (name, event) in Self.reads {
            #expect(pattern.matches(event), "\(name) should match")
        }
    }

    @Test(arguments: [live, offline])
    func nearMissesDoNotMatch(_ identity: SecretIdentity) throws {
        let pattern = try FilterPattern(SecretReadPattern.pattern(for: identity))
        for (name, event) in Self.nearMisses {
            #expect(!pattern.matches(event), "\(name) should not match")
        }
    }

    @Test func theLiveSuffixIsExact() throws {
        // A secret named `TopSecretInfo-Backup` has a partial ARN that looks like a full one:
        // only the live suffix tells them apart (offline, any 6 letters or digits stand in).
        let sibling = Self.record(parameters: ["secretId": Self.partial + "-Backup"])
        #expect(!(try FilterPattern(SecretReadPattern.pattern(for: Self.live))).matches(sibling))
        #expect(try FilterPattern(SecretReadPattern.pattern(for: Self.offline)).matches(sibling))
    }

    @Test func identityFromTheLiveARN() throws {
        let identity = try #require(SecretIdentity(name: "TopSecretInfo", fullARN: Self.full))
        #expect(identity == Self.live)
        #expect(identity.fullARN == Self.full)
        let slashed = try #require(SecretIdentity(name: "prod/db+main", fullARN: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:prod/db+main-x1Y2z3"))
        #expect(slashed.partition == "aws-cn" && slashed.region == "cn-north-1" && slashed.arnSuffix == "x1Y2z3")
        #expect(SecretIdentity(name: "TopSecretInfo", fullARN: Self.partial) == nil)
        #expect(SecretIdentity(name: "Other", fullARN: Self.full) == nil)
        #expect(SecretIdentity(name: "TopSecretInfo", fullARN: "arn:aws:sns:us-east-1:111122223333:TopSecretInfo-AbCdEf") == nil)
    }

    @Test func namesWithRegexCharactersAreLiteralOffline() throws {
        let identity = SecretIdentity(name: "prod/db+main.v1", region: "us-east-1", account: Self.account)
        let pattern = try FilterPattern(SecretReadPattern.pattern(for: identity))
        let arn = identity.partialARN
        #expect(pattern.matches(Self.record(parameters: ["secretId": arn + "-Q1w2E3"])))
        #expect(!pattern.matches(Self.record(parameters: ["secretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/dbbmain.v1-Q1w2E3"])))
        #expect(!pattern.matches(Self.record(parameters: ["secretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db+mainXv1-Q1w2E3"])))
    }

    @Test func lengthWithinPutMetricFilterLimit() {
        let pattern = SecretReadPattern.pattern(for: Self.live)
        #expect(pattern.count <= SecretReadPattern.maximumLength)
        #expect(SecretReadPattern.problem(with: pattern, for: Self.live) == nil)
        let long = SecretIdentity(name: String(repeating: "a", count: 200), region: "us-east-1", account: Self.account, arnSuffix: "AbCdEf")
        let message = SecretReadPattern.problem(with: SecretReadPattern.pattern(for: long), for: long)
        #expect(message?.contains("over the 1024") == true)
    }
}
