import AWSClient
import Foundation

/// Which resources a stack owns, with all their tags, from the Resource Groups Tagging API:
/// `GetResources` with `TagFilters secmon:stack=<stack>`, 100 resources a page, for every kind
/// the API covers that needs it (alarms, log groups, topics, buckets; a secret's description
/// carries its tags, and secrets are listed by tag). One paginated call per plan,
/// shared by every driver, instead of a tag read per resource; its cost depends on the stack's
/// size, not on how many other stacks' resources the account holds.
///
/// Kinds the API does not cover (IAM roles are global, trails are not returned on every
/// endpoint) keep their per-resource tag reads, and so does a resource found by name but not
/// in this list: its tags name its owner in the conflict error. The API is eventually
/// consistent, so a resource tagged a moment ago can be missing: read one by one, it is still
/// found to be ours; only the orphan search can miss it, until the next plan. A caller not
/// allowed `tag:GetResources` gets nil, and the drivers read tags one resource at a time as
/// before.
public final class StackOwnership: @unchecked Sendable {
    /// The `ResourceTypeFilters`: services where every resource secmon makes of that service is
    /// covered, and whole services where AWS and the local endpoint spell the type differently
    /// (`logs:log-group` vs `logs:loggroup`, `sns:topic`). EventBridge rules are asked for too,
    /// for their tags only: the local endpoint lists no rules, so their orphan search cannot
    /// rely on this index (`EventRuleDriver`).
    static let resourceTypes = ["cloudwatch:alarm", "events:rule", "logs", "s3", "sns"]

    /// `TagsPerPage` (AWS allows 100 to 500): as many as allowed, so that pages hold the full
    /// `ResourcesPerPage` (100) of resources carrying up to 5 tags each; a smaller tag limit
    /// (an endpoint's default of 100 tags) would cut a page to about 20 secmon resources and
    /// make the index's sequential pages five times as many.
    static let tagsPerPage = 500

    private let client: any AWSCalling
    private let lock = NSLock()
    private var loads: [String: Task<[String: [String: String]]?, any Error>] = [:]

    public init(client: any AWSCalling) {
        self.client = client
    }

    /// Starts reading `stackName`'s resources now (it needs no account id, so it can run
    /// while the caller's identity is still being asked for).
    public func prefetch(stackName: String) {
        _ = load(stackName)
    }

    /// ARN -> tags of every resource of a covered kind that `stackName` owns; nil when the
    /// caller may not use the tagging API.
    public func owned(by stackName: String) async throws -> [String: [String: String]]? {
        try await load(stackName).value
    }

    /// The owned resources of one kind.
    func owned(by stackName: String, in scope: TaggingAPIScope) async throws -> [String: [String: String]]? {
        try await owned(by: stackName)?.filter { arn, _ in scope.physicalID(fromARN: arn) != nil }
    }

    private func load(_ stackName: String) -> Task<[String: [String: String]]?, any Error> {
        lock.withLock {
            if let task = loads[stackName] { return task }
            let client = self.client
            let task = Task { try await Self.read(stackName, client: client) }
            loads[stackName] = task
            return task
        }
    }

    private static func read(_ stackName: String, client: any AWSCalling) async throws -> [String: [String: String]]? {
        let input: [String: AWSValue] = [
            "TagFilters": [["Key": .string(OwnershipTag.stack), "Values": [.string(stackName)]]],
            "ResourceTypeFilters": .list(resourceTypes.map { .string($0) }),
            "ResourcesPerPage": 100,
            "TagsPerPage": .integer(Int64(tagsPerPage)),
        ]
        let mappings: [AWSValue]
        do {
            mappings = try await client.allPages(.resourcegroupstaggingapi, "GetResources", input,
                                                 items: "ResourceTagMappingList")
        } catch let error as AWSError where error.refusesOptionalCall {
            // Any refusal (also a 403 whose body names no code, as the local endpoint sends for
            // IAM denials on this JSON API) falls back to per-resource reads, which fail with
            // their own sentence if the credentials themselves are the problem.
            return nil
        }
        var owned: [String: [String: String]] = [:]
        for mapping in mappings {
            guard var arn = mapping["ResourceARN"].string else { continue }
            let tags = Tags.fromList(mapping["Tags"])
            // The filter is applied again here: an endpoint that ignores it must not make
            // another stack's resource look like ours.
            guard tags[OwnershipTag.stack] == stackName else { continue }
            if arn.hasSuffix(":*") { arn.removeLast(2) }  // log groups, as DescribeLogGroups spells them
            owned[arn] = tags
        }
        return owned
    }
}

/// Where the tagging API lists a kind, and how its ARNs name a resource.
public struct TaggingAPIScope: Sendable, Hashable {
    /// The ARN's service (`cloudwatch`, `logs`, `sns`, `s3`).
    public var service: String
    /// What the ARN's resource part holds before the name (`alarm:`, `log-group:`); "" when it
    /// is the name itself (a topic, a bucket).
    public var resourcePrefix: String

    /// The name in an ARN of this kind; nil for an ARN of another kind (a subscription's has
    /// a `:` after the topic name).
    func physicalID(fromARN arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == service, parts[5].hasPrefix(resourcePrefix) else { return nil }
        let name = parts[5].dropFirst(resourcePrefix.count)
        guard !name.isEmpty, resourcePrefix.hasSuffix(":") || !name.contains(":") else { return nil }
        return String(name)
    }
}
