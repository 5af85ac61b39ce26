/// The IAM action that authorizes an API operation. They are the same name for every service
/// secmon uses except S3, whose actions are named for what they guard.
public enum IAMActionName {
    public static func of(service: String, operation: String) -> String {
        // IAM names the Resource Groups Tagging API's actions "tag:", not after its endpoint.
        if service == "resourcegroupstaggingapi" { return "tag:\(operation)" }
        guard service == "s3" else { return "\(service):\(operation)" }
        return "s3:" + (s3[operation] ?? operation)
    }

    /// From the Service Authorization Reference for Amazon S3.
    static let s3: [String: String] = [
        "ListBuckets": "ListAllMyBuckets",
        "HeadBucket": "ListBucket",
        "ListObjectsV2": "ListBucket",
        "ListObjectVersions": "ListBucketVersions",
        "DeleteObjects": "DeleteObject",
        "GetBucketEncryption": "GetEncryptionConfiguration",
        "PutBucketEncryption": "PutEncryptionConfiguration",
        "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
        "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration",
        "DeleteBucketLifecycle": "PutLifecycleConfiguration",
        "GetPublicAccessBlock": "GetBucketPublicAccessBlock",
        "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
        "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
        "DeleteBucketTagging": "PutBucketTagging",
    ]
}
