/// Which secret a read pattern is about: enough to write every form a caller may name it by.
///
/// A caller names a secret (`requestParameters.secretId`, or an entry of `secretIdList` in
/// BatchGetSecretValue) by its name, its partial ARN (`arn:PARTITION:secretsmanager:REGION:
/// ACCOUNT:secret:NAME`) or its full ARN (the partial ARN + `-` + the 6 characters AWS adds).
/// A bare name means the secret of that name in the caller's own account and region, so the
/// pattern also pins the account that receives the event and the region.
public struct SecretIdentity: Sendable, Hashable, Codable {
    public var name: String
    public var partition: String
    public var region: String
    public var account: String
    /// The 6 characters AWS appended to this secret's ARN; nil when not known (offline, or
    /// before the secret exists), when any 6 letters or digits stand in for them.
    public var arnSuffix: String?

    public init(name: String, partition: String = "aws", region: String, account: String, arnSuffix: String? = nil) {
        self.name = name
        self.partition = partition
        self.region = region
        self.account = account
        self.arnSuffix = arnSuffix
    }

    /// From a secret's name and its full ARN as AWS returns it (DescribeSecret's `ARN`); nil
    /// when the ARN is not a secret ARN ending in `NAME-XXXXXX`.
    public init?(name: String, fullARN: String) {
        let parts = fullARN.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "secretsmanager", parts[5] == "secret" else { return nil }
        let last = parts[6]
        guard last.count == name.count + 7, last.hasPrefix(name + "-") else { return nil }
        self.init(name: name, partition: parts[1], region: parts[3], account: parts[4], arnSuffix: String(last.suffix(6)))
    }

    public var partialARN: String { "arn:\(partition):secretsmanager:\(region):\(account):secret:\(name)" }
    public var fullARN: String? { arnSuffix.map { "\(partialARN)-\($0)" } }
}

/// The CloudWatch Logs filter pattern that matches CloudTrail's records of reads of exactly one
/// secret, and nothing else: a secret's `read_pattern` attribute.
///
/// - GetSecretValue whose `secretId` is the name, the partial ARN or the full ARN;
/// - BatchGetSecretValue whose `secretIdList` holds one of them. AWS documents that a batch
///   read also writes a GetSecretValue record for each secret it returns, which is how a batch
///   read by `filters` (which name no secret) is caught; the form of `secretId` in those
///   records is not documented, so every form is matched;
/// - only in the records of the secret's own account (`recipientAccountId`; an organization
///   trail also holds other accounts' records, where the same name is another secret, and the
///   caller's copy of a cross-account read) and region (`awsRegion`).
///
/// Every comparison is an exact string, no wildcard: `TopSecretInfoBackup`,
/// `staging/TopSecretInfo` and `TopSecretInfo-v2` are other secrets. Without the ARN's suffix
/// the full-ARN form is a regular expression for any 6 letters or digits (offline only: the
/// live secret's ARN gives the suffix).
public enum SecretReadPattern {
    /// The secret attribute holding it: `${top_secret.read_pattern}`.
    public static let attribute = "read_pattern"

    /// The secret attribute holding `eventPattern(for:)`: `${top_secret.read_event_pattern}`.
    public static let eventAttribute = "read_event_pattern"

    /// The pattern a secret attribute names, for `secret`; nil for any other attribute.
    public static func pattern(attribute: String, for secret: SecretIdentity) -> String? {
        switch attribute {
        case Self.attribute: return pattern(for: secret)
        case eventAttribute: return eventPattern(for: secret)
        default: return nil
        }
    }

    /// PutMetricFilter's limit on a pattern's length.
    public static let maximumLength = 1024

    public static func pattern(for secret: SecretIdentity) -> String {
        let forms = [JSONString.quoted(secret.name), JSONString.quoted(secret.partialARN),
                     secret.fullARN.map(JSONString.quoted) ?? fullARNRegex(secret)]
        func anyForm(_ selector: String) -> String {
            forms.map { "\(selector) = \($0)" }.joined(separator: " || ")
        }
        return "{ ($.eventSource = \"secretsmanager.amazonaws.com\")"
            + " && ($.recipientAccountId = \(JSONString.quoted(secret.account)))"
            + " && ($.awsRegion = \(JSONString.quoted(secret.region)))"
            + " && ((($.eventName = \"GetSecretValue\") && (\(anyForm("$.requestParameters.secretId"))))"
            + " || (($.eventName = \"BatchGetSecretValue\") && (\(anyForm("$.requestParameters.secretIdList[*]"))))) }"
    }

    /// The same reads as an EventBridge event pattern, for a rule on "AWS API Call via
    /// CloudTrail" events (the CloudTrail record is the event's `detail`). Without the ARN's
    /// suffix the full-ARN form is a wildcard `PARTIAL-*` (offline only).
    public static func eventPattern(for secret: SecretIdentity) -> String {
        let forms = [JSONString.quoted(secret.name), JSONString.quoted(secret.partialARN),
                     secret.fullARN.map(JSONString.quoted) ?? "{\"wildcard\": \(JSONString.quoted(secret.partialARN + "-*"))}"]
            .joined(separator: ", ")
        return """
            {"source": ["aws.secretsmanager"], "detail-type": ["AWS API Call via CloudTrail"], \
            "detail": {"eventSource": ["secretsmanager.amazonaws.com"], \
            "recipientAccountId": [\(JSONString.quoted(secret.account))], "awsRegion": [\(JSONString.quoted(secret.region))], \
            "$or": [{"eventName": ["GetSecretValue"], "requestParameters": {"secretId": [\(forms)]}}, \
            {"eventName": ["BatchGetSecretValue"], "requestParameters": {"secretIdList": [\(forms)]}}]}}
            """
    }

    /// Why the pattern cannot be used, or nil: a name long enough pushes it over AWS's limit.
    public static func problem(with pattern: String, for secret: SecretIdentity) -> String? {
        guard pattern.count > maximumLength else { return nil }
        return "the read pattern of secret '\(secret.name)' is \(pattern.count) characters, over the \(maximumLength) PutMetricFilter accepts; a shorter secret name fits"
    }

    /// `%^arn:...:secret:NAME-[A-Za-z0-9]{6}$%`: filter-pattern regexes have no groups, and
    /// treat `\` before punctuation as that character.
    static func fullARNRegex(_ secret: SecretIdentity) -> String {
        var escaped = ""
        for ch in secret.partialARN + "-" {
            if ch.isASCII, ch.isPunctuation || ch.isSymbol, !":_#=@/;,-".contains(ch) { escaped.append("\\") }
            escaped.append(ch)
        }
        return "%^\(escaped)[A-Za-z0-9]{6}$%"
    }
}
