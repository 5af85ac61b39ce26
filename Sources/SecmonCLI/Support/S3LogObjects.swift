import AWSClient
import Foundation
import SecmonAlerts

/// CloudTrail log files straight from a bucket: `s3://bucket/prefix` listed with ListObjectsV2
/// (every page) and read one object at a time with GetObject, so memory holds one log file.
struct S3LogObjects {
    let client: any AWSCalling
    let bucket: String
    let prefix: String

    /// `s3://bucket/prefix/` -> bucket and prefix; nil when `location` is not an s3:// URL.
    init?(location: String, client: any AWSCalling) {
        guard location.hasPrefix("s3://") else { return nil }
        let rest = location.dropFirst("s3://".count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bucket = parts.first, !bucket.isEmpty else { return nil }
        self.client = client
        self.bucket = String(bucket)
        self.prefix = parts.count > 1 ? String(parts[1]) : ""
    }

    /// Every object key under the prefix, in the order S3 lists them (by key).
    func keys() async throws -> [String] { try await client.s3Keys(bucket: bucket, prefix: prefix) }

    /// The object's bytes (a CloudTrail file is a few megabytes at most).
    func body(of key: String) async throws -> Data { try await client.s3Object(bucket: bucket, key: key) }
}
