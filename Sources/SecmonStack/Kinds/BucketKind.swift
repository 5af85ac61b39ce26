import SecmonCore

extension KindSchema {
    /// An S3 bucket, usually the one CloudTrail delivers to.
    public static let bucket = KindSchema(
        name: "bucket",
        summary: "An S3 bucket. With `cloudtrail_delivery`, secmon writes the bucket policy CloudTrail needs (GetBucketAcl and PutObject for cloudtrail.amazonaws.com scoped to this stack's trails by aws:SourceArn, and a deny of non-TLS access).",
        taggable: true,
        properties: [
            .name(bucketName, "The bucket's name (S3's DNS naming rules)."),
            PropertySchema("cloudtrail_delivery", .boolean, .defaultValue(.bool(false)),
                "Whether CloudTrail delivers logs here. secmon derives the trails allowed to write from the trails whose `bucket` references this bucket."),
            PropertySchema("public_access_block", .boolean, .defaultValue(.bool(true)),
                "Block all public access."),
            PropertySchema("encryption", .enumeration(["AES256", "aws:kms"]), .defaultValue(.string("AES256")),
                "Default encryption."),
            PropertySchema("kms_key", .string(StringConstraints(minLength: 1, maxLength: 2048)), .optional,
                "KMS key for `encryption: aws:kms`."),
            PropertySchema("log_expiry_days", .integer(IntegerConstraints(minimum: 1)), .optional,
                "Delete objects after this many days (absent: keep forever)."),
            PropertySchema("force_destroy", .boolean, .defaultValue(.bool(false)), change: .deleteTime,
                "Empty the bucket when the stack is destroyed (otherwise a non-empty bucket is kept and reported)."),
        ],
        rules: [
            CrossFieldRule("`kms_key` only with `encryption: aws:kms`") { r in
                guard r.has("kms_key"), r.value("encryption")?.stringValue != "aws:kms" else { return [] }
                return [r.error("kms_key is only allowed with encryption: aws:kms in \(r.label)", at: "kms_key")]
            },
        ])

    static let bucketName = StringConstraints(
        minLength: 3, maxLength: 63,
        allowed: CharacterSetRule(ranges: ["a"..."z", "0"..."9"], extra: ".-", description: "lowercase letters, digits, '.' and '-'"),
        rules: [
            NamingRules.startsAndEndsAlphanumeric("lowercase letter or digit"),
            StringRule("no two adjacent periods") { $0.contains("..") ? "may not contain two adjacent periods" : nil },
            NamingRules.notAnIPAddress,
            StringRule("does not start with `xn--` or `sthree-`") { name in
                for prefix in ["xn--", "sthree-"] where name.hasPrefix(prefix) { return "may not start with '\(prefix)'" }
                return nil
            },
            StringRule("does not end with `-s3alias` or `--ol-s3`") { name in
                for suffix in ["-s3alias", "--ol-s3"] where name.hasSuffix(suffix) { return "may not end with '\(suffix)'" }
                return nil
            },
        ])
}
