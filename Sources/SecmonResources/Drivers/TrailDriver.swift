import AWSClient
import SecmonCore
import SecmonPlan
import SecmonStack

/// `trail`: a CloudTrail trail, its event selectors and its logging status. Physical id: its
/// name.
///
/// `log_group` is a log group ARN without ":*" (as the log group's `arn` attribute); CloudTrail
/// wants it with ":*", added here.
public struct TrailDriver: KindMapping {
    public static let schema = KindSchema.trail
    public static let service = AWSService.cloudtrail
    public static let mapping = PropertyMapping.table(
        ["CreateTrail": ["name": "Name", "bucket": "S3BucketName", "key_prefix": "S3KeyPrefix",
                         "log_group": "CloudWatchLogsLogGroupArn", "role": "CloudWatchLogsRoleArn",
                         "include_global_service_events": "IncludeGlobalServiceEvents",
                         "multi_region": "IsMultiRegionTrail", "log_file_validation": "EnableLogFileValidation",
                         "sns_topic": "SnsTopicName", "kms_key": "KmsKeyId", "tags": "TagsList"],
         "PutEventSelectors": ["management_events": "EventSelectors"],
         "StartLogging": ["logging": "Name"]])
    public let tagWriting: TagWriting? = TagWriting(add: "AddTags", remove: "RemoveTags", resource: "ResourceId",
                                                    tags: "TagsList", keys: "TagsList", keysShape: .keyList)
    public static let readsWithoutAccount = true
    public let client: any AWSCalling
    public var options = DriverOptions()

    /// CloudTrail checks the bucket policy, the delivery role and the topic policy when a trail
    /// is created or updated; right after those were made it may not see them yet.
    static let propagationErrors: Set<String> = [
        "InsufficientS3BucketPolicyException", "InvalidCloudWatchLogsRoleArnException",
        "InsufficientSnsTopicPolicyException",
    ]

    /// ListTags takes at most this many ARNs.
    static let arnsPerListTags = 20

    /// Trail settings UpdateTrail changes (everything but selectors, logging and tags).
    static let settings = ["bucket", "key_prefix", "log_group", "role", "sns_topic", "kms_key",
                           "include_global_service_events", "multi_region", "log_file_validation"]

    public func derive(_ p: inout [String: Value], from given: [String: Value], context: DriverContext) {
        p["log_group"] = ARN.withoutWildcard(p["log_group"] ?? .null)
    }

    public func arn(forName name: String, context: DriverContext) -> String? { ARN.trail(name, context) }

    /// DescribeTrails lists a region's trails in one call: one group for everything asked.
    public func readGroups(_ ids: [String]) -> [ReadGroup] {
        [ReadGroup(label: ids.joined(separator: ", "), ids: ids)]
    }

    public func readGroup(_ ids: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [LiveResource]
    {
        let wanted = Set(ids)
        return try await readTrails(context: context) { wanted.contains($0["Name"].string ?? "") }
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        // A trail this plan read already is not read again.
        try await Array(known.values) + readTrails(context: context) { known[$0["Name"].string ?? ""] == nil }
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        let name = try a.string("name")
        var input = try settingsInput(a, live: nil, context: context)
        input["TagsList"] = Tags.toList(try a.stringMap("tags"))
        let managementEvents = try a.string("management_events")
        let logging = try a.bool("logging")
        // Some endpoints (moto) silently replace an existing trail on CreateTrail instead of
        // failing: never overwrite a trail that was not seen by the plan.
        if try await nilIfNotFound({ try await client.call(.cloudtrail, "GetTrail", ["Name": .string(name)]) }) != nil {
            throw ResourceError(kind: kind, name: name, action: "create",
                                message: "a trail with this name already exists; run plan again")
        }
        let reply = try await tolerateOwnEarlierCreate(name: name, id: id, context: context,
                                                       alreadyExists: ["TrailAlreadyExistsException"]) {
            try await options.consistencyRetry.run(retryingOn: Self.propagationErrors) {
                try await client.call(.cloudtrail, "CreateTrail", .map(input))
            }
        } ?? [:]
        let arn = reply["TrailARN"].string ?? ARN.trail(name, context)
        // A new trail logs every management event, read and write, until selectors are put
        // (AWS's default, which `TrailEventSelectors.managementEvents` reads as "all"): only
        // another choice needs a call. By name: the trail lives in this region, and some
        // endpoints (moto) do not take the ARN for StartLogging.
        if managementEvents != TrailEventSelectors.newTrailDefault {
            _ = try await client.call(.cloudtrail, "PutEventSelectors", [
                "TrailName": .string(name), "EventSelectors": TrailEventSelectors.selectors(for: managementEvents),
            ])
        }
        // One call after the other: CloudTrail answers ConflictException to an operation on a
        // trail another operation is still changing.
        if logging {
            _ = try await client.call(.cloudtrail, "StartLogging", ["Name": .string(name)])
        }
        return ["name": .string(name), "arn": .string(arn)]
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        let name = live.physicalID
        func changed(_ key: String) -> Bool {
            let want = a.properties[key] ?? .null, have = live.properties[key] ?? .null
            if key == "kms_key" { return !KMSKeyReference.same(want.stringValue, have.stringValue) }
            return want != have
        }
        if Self.settings.contains(where: changed) {
            let input = try settingsInput(a, live: live, context: context)
            _ = try await options.consistencyRetry.run(retryingOn: Self.propagationErrors) {
                try await client.call(.cloudtrail, "UpdateTrail", .map(input))
            }
        }
        if changed("management_events") {
            _ = try await client.call(.cloudtrail, "PutEventSelectors", [
                "TrailName": .string(name),
                "EventSelectors": TrailEventSelectors.selectors(for: try a.string("management_events")),
            ])
        }
        if changed("logging") {
            let operation = try a.bool("logging") ? "StartLogging" : "StopLogging"
            _ = try await client.call(.cloudtrail, operation, ["Name": .string(name)])
        }
        return ["name": .string(name), "arn": .string(tagTarget(live, context: context))]
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        _ = try await nilIfNotFound { try await client.call(.cloudtrail, "DeleteTrail", ["Name": .string(live.physicalID)]) }
        return DeleteOutcome()
    }

    // MARK: - Writing

    /// CreateTrail / UpdateTrail members for the trail's settings. An optional setting the stack
    /// leaves out but the live trail has is sent as "" (UpdateTrail's way to remove it).
    private func settingsInput(_ a: PropertyAccess, live: LiveResource?, context: DriverContext) throws -> [String: AWSValue] {
        var input: [String: AWSValue] = [
            "Name": .string(try a.string("name")),
            "S3BucketName": .string(try a.string("bucket")),
            "IncludeGlobalServiceEvents": .bool(try a.bool("include_global_service_events")),
            "IsMultiRegionTrail": .bool(try a.bool("multi_region")),
            "EnableLogFileValidation": .bool(try a.bool("log_file_validation")),
        ]
        func optional(_ member: String, _ key: String, _ value: String?) {
            if let value {
                input[member] = .string(value)
            } else if let live, (live.properties[key] ?? .null) != .null {
                input[member] = ""
            }
        }
        optional("S3KeyPrefix", "key_prefix", try a.optionalString("key_prefix"))
        optional("SnsTopicName", "sns_topic", try a.optionalString("sns_topic").map { Self.topicReference($0, context) })
        optional("KmsKeyId", "kms_key", try a.optionalString("kms_key"))
        optional("CloudWatchLogsLogGroupArn", "log_group", try a.optionalString("log_group").map { $0 + ":*" })
        optional("CloudWatchLogsRoleArn", "role", try a.optionalString("role"))
        return input
    }

    /// CloudTrail takes a topic by name or ARN. A topic of this account and region goes by
    /// name (moto 5.2.1 stores a doubled ARN when UpdateTrail is given one); any other by ARN.
    static func topicReference(_ arn: String, _ c: DriverContext) -> String {
        let prefix = "arn:\(c.partition):sns:\(c.region):\(c.accountID):"
        guard arn.hasPrefix(prefix) else { return arn }
        return String(arn.dropFirst(prefix.count))
    }

    // MARK: - Reading

    /// The region's own trails (not other regions' multi-region shadows) that `include`
    /// accepts, with their status, selectors and tags. DescribeTrails lists them all in one
    /// call (a region holds few); the rest is fetched concurrently.
    private func readTrails(context: DriverContext, include: @escaping @Sendable (AWSValue) -> Bool) async throws
        -> [LiveResource]
    {
        // Once per plan: the read and the orphan search share the listing.
        let client = client
        let reply = try await oncePerPlan("DescribeTrails") {
            try await client.call(.cloudtrail, "DescribeTrails", ["includeShadowTrails": false])
        }
        // Filter again: an endpoint may ignore includeShadowTrails.
        let trails = reply["trailList"].list.filter {
            include($0) && ($0["HomeRegion"].string.map { $0 == context.region } ?? true)
        }
        if trails.isEmpty { return [] }
        let arns = trails.map { $0["TrailARN"].string ?? ARN.trail($0["Name"].string ?? "", context) }
        let names = trails.map { $0["Name"].string ?? "" }
        let concurrency = options.concurrency
        let (tagsByArn, details) = try await concurrently({ try await tags(arns) }, {
            try await concurrentMap(names, limit: concurrency) { name in
                try await concurrently(
                    { try await nilIfNotFound { try await client.call(.cloudtrail, "GetTrailStatus", ["Name": .string(name)]) } },
                    { try await nilIfNotFound {
                        try await client.call(.cloudtrail, "GetEventSelectors", ["TrailName": .string(name)])
                    } })
            }
        })
        return zip(trails, zip(arns, details)).compactMap { trail, pair in
            let (arn, (status, selectors)) = pair
            guard let status, let selectors else { return nil } // deleted meanwhile
            return live(trail, arn: arn, status: status, selectors: selectors, tags: tagsByArn[arn] ?? [:])
        }
    }

    private func tags(_ arns: [String]) async throws -> [String: [String: String]] {
        let batches = try await concurrentMap(arns.chunked(Self.arnsPerListTags), limit: options.concurrency) { batch in
            try await client.allPages(.cloudtrail, "ListTags", ["ResourceIdList": .list(batch.map { .string($0) })],
                                      items: "ResourceTagList")
        }
        var out: [String: [String: String]] = [:]
        for entry in batches.flatMap({ $0 }) {
            if let id = entry["ResourceId"].string { out[id] = Tags.fromList(entry["TagsList"]) }
        }
        return out
    }

    private func live(_ trail: AWSValue, arn: String, status: AWSValue, selectors: AWSValue,
                      tags: [String: String]) -> LiveResource {
        let name = trail["Name"].string ?? ""
        return LiveResource(kind: kind, physicalID: name, tags: tags, properties: [
            "name": .string(name),
            "bucket": trail[optional: "S3BucketName"],
            "key_prefix": trail[optional: "S3KeyPrefix"],
            "log_group": ARN.withoutWildcard(trail[optional: "CloudWatchLogsLogGroupArn"]),
            "role": trail[optional: "CloudWatchLogsRoleArn"],
            "management_events": .string(TrailEventSelectors.managementEvents(selectors)),
            "include_global_service_events": .bool(trail["IncludeGlobalServiceEvents"].bool ?? true),
            "multi_region": .bool(trail["IsMultiRegionTrail"].bool ?? false),
            "log_file_validation": .bool(trail["LogFileValidationEnabled"].bool ?? false),
            "logging": .bool(status["IsLogging"].bool ?? false),
            "sns_topic": trail[optional: "SnsTopicARN"],
            "kms_key": trail[optional: "KmsKeyId"],
        ], attributes: ["name": .string(name), "arn": .string(arn)])
    }
}
