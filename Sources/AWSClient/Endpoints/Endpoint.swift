import Foundation

/// Where a service's requests go and how they are signed.
public struct Endpoint: Sendable, Hashable {
    /// Scheme, host, optional port and base path; no trailing slash.
    public var url: URL
    /// The region in the signature's credential scope (us-east-1 for global IAM, for example).
    public var signingRegion: String
    /// A user-configured URL (local endpoint, VPC endpoint) rather than AWS's own.
    public var isCustom: Bool
}
