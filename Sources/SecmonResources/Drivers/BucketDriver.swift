import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `bucket`: an S3 bucket (public access blocked, default encryption, optional expiry, a
/// generated policy). Physical id: its name.
///
/// Normalised shape: the stack's properties plus `policy`, the generated document (canonical
/// JSON value). `cloudtrail_delivery` and `trail_arns` are represented by `policy` and not
/// compared; `force_destroy` is delete-time: `read` copies it from `hints` into the live
/// properties so that `delete` honours it (default false: a bucket holding objects is refused).
///
/// Tagging at creation: the tags go in CreateBucket itself (CreateBucketConfiguration.Tags),
/// and PutBucketTagging follows at once for endpoints that ignore them. If secmon dies between
/// the two on such an endpoint, the bucket exists untagged. `read` recognises that case and
/// claims the bucket for the stack when the stack desires that name (it is in `hints`) and the
/// bucket has no tags at all, no policy and no objects: nothing of anyone else's can be lost, and
/// the update that follows tags and configures it. Any other untagged bucket stays unowned.
public struct BucketDriver: KindMapping {
    public static let schema = KindSchema.bucket
    public static let service = AWSService.s3
    public static let taggingAPI: TaggingAPIScope? = TaggingAPIScope(service: "s3", resourcePrefix: "")
    public static let mapping = PropertyMapping.table(
        ["CreateBucket": ["name": "Bucket"],
         "PutPublicAccessBlock": ["public_access_block": "PublicAccessBlockConfiguration"],
         "PutBucketLifecycleConfiguration": ["log_expiry_days": "LifecycleConfiguration.Rules.Expiration.Days"],
         "DeleteObjects": ["force_destroy": "Delete"],
         "PutBucketPolicy": ["policy": "Policy"],
         "PutBucketTagging": ["tags": "Tagging.TagSet"],
         "PutBucketEncryption": [
             "encryption": "ServerSideEncryptionConfiguration.Rules.ApplyServerSideEncryptionByDefault.SSEAlgorithm",
             "kms_key": "ServerSideEncryptionConfiguration.Rules.ApplyServerSideEncryptionByDefault.KMSMasterKeyID"]],
        // trail_arns is no stack property: the graph derives it from the trails naming the bucket.
        within: ["cloudtrail_delivery": "policy", "trail_arns": "policy"])
    public let client: any AWSCalling
    public var options = DriverOptions()

    /// The lifecycle rule secmon manages for `log_expiry_days`.
    static let expiryRuleID = "secmon-log-expiry"

    public func derive(_ p: inout [String: Value], from given: [String: Value], context: DriverContext) {
        let trails = Normalize.unorderedList(given["trail_arns"])
        p["trail_arns"] = trails
        var policy = Value.unknown
        if let name = p["name"]?.stringValue, let deliver = p["cloudtrail_delivery"]?.boolValue,
           let arns = trails.listValue?.compactMap(\.stringValue), arns.count == trails.listValue?.count {
            policy = BucketPolicy.document(bucket: name, cloudTrailDelivery: deliver, trailArns: arns, context: context)
        }
        p["policy"] = policy
    }

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.bucket(name, context) }

    public func readOne(_ name: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? {
        guard var live = try await readBucket(name, context: context) else { return nil }
        live.properties["force_destroy"] = Self.schema.property("force_destroy")?.normalize(hint?["force_destroy"], [:])
        if hint != nil, try await isUnclaimedLeftover(live) {
            live.ownerStack = context.stackName
            live.attributes["recovered_untagged"] = .bool(true)
        }
        return live
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        // Filter the region again: an endpoint may ignore BucketRegion.
        let names = try await client.allPages(.s3, "ListBuckets", ["BucketRegion": .string(context.region)], items: "Buckets")
            .filter { $0["BucketRegion"].string.map { $0 == context.region } ?? true }
            .compactMap { $0["Name"].string }
        let owned = try await concurrentMap(names, limit: options.concurrency) { name -> LiveResource? in
            let tags = try await tagging(name)
            guard tags?[OwnershipTag.stack] == context.stackName else { return nil }
            return try await readBucket(name, context: context)
        }
        return owned.compactMap { $0 }
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        let name = try a.string("name")
        let tags = try a.stringMap("tags")
        var configuration: [String: AWSValue] = ["Tags": Tags.toList(tags)]
        // us-east-1 is the default location and must not be named.
        if context.region != "us-east-1" { configuration["LocationConstraint"] = .string(context.region) }
        do {
            _ = try await client.call(.s3, "CreateBucket", ["Bucket": .string(name), "CreateBucketConfiguration": .map(configuration)])
        } catch let error as AWSError where error.isService("BucketAlreadyOwnedByYou") {
            // A previous run created it and stopped before finishing: carry on configuring.
        }
        let retry = options.consistencyRetry
        try await configure(name, a, live: nil, alongside: {
            try await retry.run(retryingOn: ["NoSuchBucket", Self.conflictCode]) { try await putTags(name, tags) }
        })
        return ["name": .string(name), "arn": .string(ARN.bucket(name, context))]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        try await configure(live.physicalID, a, live: live)
        return ["name": .string(live.physicalID), "arn": .string(ARN.bucket(live.physicalID, context))]
    }

    /// PutBucketTagging replaces the whole set; no tags left (a released bucket that had only
    /// secmon's) is DeleteBucketTagging.
    public func writeTags(_ live: LiveResource, set: [String: String], remove: [String], all: [String: String],
                          context: DriverContext) async throws
    {
        if all.isEmpty {
            _ = try await client.call(.s3, "DeleteBucketTagging", ["Bucket": .string(live.physicalID)])
        } else {
            try await putTags(live.physicalID, all)
        }
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        let name = live.physicalID
        let force = live.properties["force_destroy"]?.boolValue ?? false
        // Each round lists up to 1,000 object versions and deletes them; the listing
        // restarts from the top since what was listed is gone.
        while true {
            guard let listing = try await nilIfNotFound({
                try await client.call(.s3, "ListObjectVersions", ["Bucket": .string(name), "MaxKeys": 1000])
            }) else { return DeleteOutcome() }
            let objects = (listing["Versions"].list + listing["DeleteMarkers"].list).compactMap { entry -> AWSValue? in
                guard let key = entry["Key"].string else { return nil }
                var object: [String: AWSValue] = ["Key": .string(key)]
                if let version = entry["VersionId"].string { object["VersionId"] = .string(version) }
                return .map(object)
            }
            if objects.isEmpty { break }
            guard force else {
                throw ResourceError(kind: kind, name: name, action: "delete",
                                    message: "the bucket is not empty; set force_destroy: true to delete it with its objects")
            }
            let reply = try await client.call(.s3, "DeleteObjects", [
                "Bucket": .string(name), "Delete": ["Objects": .list(objects), "Quiet": true],
            ])
            let failures = reply["Errors"].list
            if failures.count == objects.count {
                let first = failures.first.map { "\($0["Key"].string ?? ""): \($0["Code"].string ?? "") \($0["Message"].string ?? "")" }
                throw ResourceError(kind: kind, name: name, action: "delete",
                                    message: "could not delete its objects (\(first ?? "no reason given"))")
            }
        }
        _ = try await nilIfNotFound { try await client.call(.s3, "DeleteBucket", ["Bucket": .string(name)]) }
        return DeleteOutcome()
    }

    // MARK: - Writing

    private func putTags(_ name: String, _ tags: [String: String]) async throws {
        _ = try await client.call(.s3, "PutBucketTagging", ["Bucket": .string(name), "Tagging": ["TagSet": Tags.toList(tags)]])
    }

    /// What S3 answers (409) to a change of a bucket's configuration racing another one ("a
    /// conflicting conditional operation is currently in progress"), seen with PutBucketPolicy
    /// beside PutPublicAccessBlock, PutBucketVersioning or ownership controls
    /// (terraform-provider-aws#7628, #33552): retried after a pause.
    static let conflictCode = "OperationAborted"

    /// Brings public access block, encryption, expiry and policy to the desired state, touching
    /// only what differs from `live` (everything when there is no live state). The block,
    /// encryption and expiry are separate subresources and go out at once (with `alongside`, a
    /// create's tagging); the policy follows them, alone: S3 refuses a policy change racing
    /// another configuration change, and a policy goes on only once public access is blocked.
    private func configure(_ name: String, _ a: PropertyAccess, live: LiveResource?,
                           alongside: (@Sendable () async throws -> Void)? = nil) async throws {
        let bucket: AWSValue = .string(name)
        func changed(_ key: String) -> Bool { live?.properties[key] != a.properties[key] }
        var settings: [(operation: String, input: AWSValue)] = []
        if changed("public_access_block") {
            if try a.bool("public_access_block") {
                settings.append(("PutPublicAccessBlock", [
                    "Bucket": bucket,
                    "PublicAccessBlockConfiguration": [
                        "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true,
                    ],
                ]))
            } else if live != nil {
                settings.append(("DeletePublicAccessBlock", ["Bucket": bucket]))
            }
        }
        let key = try a.optionalString("kms_key")
        if changed("encryption") || !KMSKeyReference.same(key, live?.properties["kms_key"]?.stringValue) {
            let algorithm = try a.string("encryption")
            var byDefault: [String: AWSValue] = ["SSEAlgorithm": .string(algorithm)]
            if let key { byDefault["KMSMasterKeyID"] = .string(key) }
            settings.append(("PutBucketEncryption", [
                "Bucket": bucket,
                "ServerSideEncryptionConfiguration": ["Rules": [[
                    "ApplyServerSideEncryptionByDefault": .map(byDefault),
                    // An S3 bucket key cuts KMS requests; it means nothing for AES256.
                    "BucketKeyEnabled": .bool(algorithm != "AES256"),
                ]]],
            ]))
        }
        if changed("log_expiry_days") {
            if let days = try a.optionalInt("log_expiry_days") {
                settings.append(("PutBucketLifecycleConfiguration", [
                    "Bucket": bucket,
                    "LifecycleConfiguration": ["Rules": [[
                        "ID": .string(Self.expiryRuleID), "Status": "Enabled", "Filter": ["Prefix": ""],
                        "Expiration": ["Days": .integer(Int64(days))],
                    ]]],
                ]))
            } else if live != nil {
                settings.append(("DeleteBucketLifecycle", ["Bucket": bucket]))
            }
        }
        var policyChange: (operation: String, input: AWSValue)?
        if changed("policy") {
            if let policy = try a.value("policy") {
                policyChange = ("PutBucketPolicy", ["Bucket": bucket, "Policy": .string(PolicyDocument.encode(policy))])
            } else if live != nil {
                policyChange = ("DeleteBucketPolicy", ["Bucket": bucket])
            }
        }
        let client = client, retry = options.consistencyRetry
        @Sendable func send(_ change: (operation: String, input: AWSValue)) async throws {
            _ = try await retry.run(retryingOn: [Self.conflictCode]) { try await client.call(.s3, change.operation, change.input) }
        }
        var first: [@Sendable () async throws -> Void] = settings.map { change in { try await send(change) } }
        if let alongside { first.append(alongside) }
        _ = try await concurrentMap(first, limit: first.count) { try await $0() }
        if let policyChange { try await send(policyChange) }
    }

    // MARK: - Reading

    /// The answer to one of a bucket's configuration reads.
    private enum Part: Sendable {
        case value(AWSValue)
        case notConfigured
        case noBucket
    }

    private func part(_ operation: String, _ bucket: String, notConfigured: String) async throws -> Part {
        do {
            return .value(try await client.call(.s3, operation, ["Bucket": .string(bucket)]))
        } catch let error as AWSError where error.isNotFound {
            return .noBucket
        } catch let error as AWSError where error.isService(notConfigured) {
            return .notConfigured
        }
    }

    /// A bucket's tags; nil when the bucket does not exist.
    private func tagging(_ name: String) async throws -> [String: String]? {
        switch try await part("GetBucketTagging", name, notConfigured: "NoSuchTagSet") {
        case .value(let reply): return Tags.fromList(reply["TagSet"])
        case .notConfigured: return [:]
        case .noBucket: return nil
        }
    }

    private func readBucket(_ name: String, context: DriverContext) async throws -> LiveResource? {
        // Five independent reads, all at once; four when the ownership index has the tags.
        let indexed = try await indexedTags(of: ARN.bucket(name, context), context: context)
        let reads = [("GetBucketTagging", "NoSuchTagSet"),
                     ("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration"),
                     ("GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError"),
                     ("GetBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration"),
                     ("GetBucketPolicy", "NoSuchBucketPolicy")]
        let answers = try await concurrentMap(reads, limit: reads.count) { operation, notConfigured in
            if operation == "GetBucketTagging", let indexed { return Part.value(["TagSet": Tags.toList(indexed)]) }
            return try await part(operation, name, notConfigured: notConfigured)
        }
        func reply(_ p: Part) -> AWSValue? { if case .value(let v) = p { return v } else { return nil } }
        for p in answers { if case .noBucket = p { return nil } }
        let parts = (answers[0], answers[1], answers[2], answers[3], answers[4])

        let tags = Tags.fromList(reply(parts.0)?["TagSet"] ?? .null)
        let block = reply(parts.1)?["PublicAccessBlockConfiguration"] ?? .null
        let blocked = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]
            .allSatisfy { block[$0].bool == true }
        // No encryption configuration reads as SSE-S3, S3's default for every bucket.
        let byDefault = reply(parts.2)?["ServerSideEncryptionConfiguration"]["Rules"][0]["ApplyServerSideEncryptionByDefault"] ?? .null
        let expiry = reply(parts.3)?["Rules"].list.first {
            $0["ID"].string == Self.expiryRuleID && $0["Status"].string == "Enabled"
        }?["Expiration"]["Days"].int
        let policy = reply(parts.4)?["Policy"].string.flatMap(PolicyDocument.parse)
        return LiveResource(kind: kind, physicalID: name, tags: tags, properties: [
            "name": .string(name),
            "public_access_block": .bool(blocked),
            "encryption": .string(byDefault["SSEAlgorithm"].string ?? "AES256"),
            "kms_key": byDefault[string: "KMSMasterKeyID"],
            "log_expiry_days": expiry.map(Value.int) ?? .null,
            "policy": policy ?? .null,
        ], attributes: ["name": .string(name), "arn": .string(ARN.bucket(name, context))])
    }

    /// A bucket left behind by a create that stopped before tagging: no tags at all, no
    /// policy, no objects.
    private func isUnclaimedLeftover(_ live: LiveResource) async throws -> Bool {
        guard live.ownerStack == nil, live.properties["tags"] == .map([:]), live.properties["policy"] == .null else {
            return false
        }
        let listing = try await client.call(.s3, "ListObjectVersions", ["Bucket": .string(live.physicalID), "MaxKeys": 1])
        return listing["Versions"].list.isEmpty && listing["DeleteMarkers"].list.isEmpty
    }
}
