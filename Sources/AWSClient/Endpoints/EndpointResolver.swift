import Foundation

/// Standard AWS endpoints per service and region, unless an override applies.
public struct EndpointResolver: Sendable {
    public var region: String
    public var overrides: EndpointOverrides
    /// `AWS_STS_REGIONAL_ENDPOINTS=legacy`: the legacy regions use the global sts.amazonaws.com.
    public var stsUsesLegacyGlobalEndpoint: Bool
    /// Path-style S3 addressing for every bucket (profile `s3 = addressing_style = path`).
    public var s3ForcePathStyle: Bool

    public init(region: String, overrides: EndpointOverrides = .none, stsUsesLegacyGlobalEndpoint: Bool = false,
                s3ForcePathStyle: Bool = false) {
        self.region = region
        self.overrides = overrides
        self.stsUsesLegacyGlobalEndpoint = stsUsesLegacyGlobalEndpoint
        self.s3ForcePathStyle = s3ForcePathStyle
    }

    /// Regions whose STS calls went to sts.amazonaws.com before regional endpoints became the default.
    static let stsLegacyGlobalRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    /// - Parameter endpointPrefix: botocore `metadata.endpointPrefix` (e.g. `monitoring`).
    public func endpoint(for service: AWSService, endpointPrefix: String) throws -> Endpoint {
        if let custom = try overrides.url(for: service) {
            // A custom endpoint is signed for the configured region, whatever the service.
            return Endpoint(url: custom, signingRegion: region, isCustom: true)
        }
        let partition = Partition.of(region: region)
        let host: String, signingRegion: String
        switch service {
        case .iam:
            // IAM is one endpoint per partition.
            signingRegion = partition.globalRegion
            switch partition {
            case .china: host = "iam.cn-north-1.amazonaws.com.cn"
            case .govCloud: host = "iam.us-gov.amazonaws.com"
            default: host = "iam.amazonaws.com"
            }
        case .sts where stsUsesLegacyGlobalEndpoint && Self.stsLegacyGlobalRegions.contains(region):
            host = "sts.amazonaws.com"
            signingRegion = "us-east-1"
        default:
            host = "\(endpointPrefix).\(region).\(partition.dnsSuffix)"
            signingRegion = region
        }
        guard let url = URL(string: "https://\(host)") else {
            throw AWSError.configuration("InvalidEndpoint", "Could not form an endpoint URL from host '\(host)'.")
        }
        return Endpoint(url: url, signingRegion: signingRegion, isCustom: false)
    }
}
