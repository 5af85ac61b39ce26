import AWSClient
import SecmonCore
import SecmonPlan

/// The policy secmon gives a bucket: no access without TLS, and, for CloudTrail delivery, the
/// two permissions CloudTrail needs (read the ACL, write objects with the owner in full
/// control), limited to the stack's trails (`aws:SourceArn`) or, when no trail names the
/// bucket yet, to this account's trails.
enum BucketPolicy {
    static func document(bucket: String, cloudTrailDelivery: Bool, trailArns: [String], context c: DriverContext) -> Value {
        let bucketArn = ARN.bucket(bucket, c)
        var statements: [Value] = [
            .map([
                "Sid": .string("DenyInsecureTransport"),
                "Effect": .string("Deny"),
                "Principal": .string("*"),
                "Action": .string("s3:*"),
                "Resource": .list([.string(bucketArn), .string(bucketArn + "/*")]),
                "Condition": .map(["Bool": .map(["aws:SecureTransport": .string("false")])]),
            ]),
        ]
        if cloudTrailDelivery {
            let source: [String: Value] = trailArns.isEmpty
                ? ["aws:SourceAccount": .string(c.accountID)]
                : ["aws:SourceArn": .list(trailArns.map(Value.string))]
            var write = source
            write["s3:x-amz-acl"] = .string("bucket-owner-full-control")
            statements.append(.map([
                "Sid": .string("AWSCloudTrailAclCheck"),
                "Effect": .string("Allow"),
                "Principal": .map(["Service": .string("cloudtrail.amazonaws.com")]),
                "Action": .string("s3:GetBucketAcl"),
                "Resource": .string(bucketArn),
                "Condition": .map(["StringEquals": .map(source)]),
            ]))
            statements.append(.map([
                "Sid": .string("AWSCloudTrailWrite"),
                "Effect": .string("Allow"),
                "Principal": .map(["Service": .string("cloudtrail.amazonaws.com")]),
                "Action": .string("s3:PutObject"),
                "Resource": .string(bucketArn + "/*"),
                "Condition": .map(["StringEquals": .map(write)]),
            ]))
        }
        return PolicyDocument.canonical(.map(["Version": .string("2012-10-17"), "Statement": .list(statements)]))
    }
}
