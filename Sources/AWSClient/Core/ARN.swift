/// An Amazon Resource Name, `arn:partition:service:region:account:resource`.
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var service: String
    /// Empty for global services (IAM, S3).
    public var region: String
    /// Empty for S3 buckets.
    public var account: String
    /// Everything after the fifth ':' (it may contain ':' and '/').
    public var resource: String

    public init(partition: String, service: String, region: String, account: String, resource: String) {
        (self.partition, self.service, self.region, self.account, self.resource) = (partition, service, region, account, resource)
    }

    /// Parses ARN text; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        self.init(partition: parts[1], service: parts[2], region: parts[3], account: parts[4], resource: parts[5])
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// The partition of an ARN, "aws" when the text is none.
    public static func partition(of text: String) -> String { ARN(text)?.partition ?? "aws" }
}

/// Who the credentials belong to (STS GetCallerIdentity).
public struct CallerIdentity: Sendable, Hashable {
    public var account: String
    public var arn: String
    public var userID: String
    /// "aws", "aws-cn", "aws-us-gov", from the caller's ARN.
    public var partition: String { ARN.partition(of: arn) }

    public init(account: String, arn: String, userID: String = "") {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}

extension AWSCalling {
    /// Asks STS who the credentials belong to. A reply without account or ARN is an error.
    public func callerIdentity() async throws -> CallerIdentity {
        let reply = try await call(.sts, "GetCallerIdentity", [:])
        guard let account = reply["Account"].string, let arn = reply["Arn"].string else {
            throw AWSError(kind: .decoding, service: "sts", operation: "GetCallerIdentity", code: "IncompleteReply",
                           message: "the reply names no account")
        }
        return CallerIdentity(account: account, arn: arn, userID: reply["UserId"].string ?? "")
    }
}
