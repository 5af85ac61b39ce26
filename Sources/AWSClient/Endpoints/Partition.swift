/// An AWS partition: a group of regions sharing a DNS suffix and global endpoints.
struct Partition: Sendable, Hashable {
    var name: String
    var dnsSuffix: String
    /// Where partition-global services (IAM) live and sign.
    var globalRegion: String

    static let aws = Partition(name: "aws", dnsSuffix: "amazonaws.com", globalRegion: "us-east-1")
    static let china = Partition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", globalRegion: "cn-north-1")
    static let govCloud = Partition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", globalRegion: "us-gov-west-1")

    /// The partition of `region`, by the region-name patterns of botocore's endpoints.json.
    static func of(region: String) -> Partition {
        if region.hasPrefix("cn-") { return .china }
        if region.hasPrefix("us-gov-") { return .govCloud }
        return .aws
    }
}
