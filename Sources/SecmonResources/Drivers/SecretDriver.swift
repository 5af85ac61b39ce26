import AWSClient
import Foundation
import SecmonCore
import SecmonPlan

/// `secret`: a Secrets Manager secret. Physical id: its name.
///
/// The value is write-only. secmon never reads it back (it never calls GetSecretValue); it reads
/// it from the source named in `value` only when creating the secret and when `value_version`
/// changes, and passes it to AWS as SecretString and nowhere else. `value_version` is kept in
/// the `secmon:value-version` tag so that it can be compared without the value.
///
/// `recovery_window_days` is delete-time: not compared; `read` copies it from `hints` into the
/// live properties so that `delete` honours the stack's setting (default 30).
/// A secret scheduled for deletion is read with `pending_deletion: true`, which diffs against
/// the desired state; `update` then restores it.
public struct SecretDriver: ResourceDriver {
    public let kind = "secret"
    public let replaceOn: Set<String> = ["name"]
    let client: any AWSCalling
    let options: DriverOptions

    static let defaultRecoveryWindowDays = 30

    public init(client: any AWSCalling, options: DriverOptions = DriverOptions()) {
        self.client = client
        self.options = options
    }

    public func normalize(_ p: [String: Value], id: String, context: DriverContext) -> [String: Value] {
        [
            "name": Normalize.string(p["name"]),
            "description": Normalize.string(p["description"], default: .string("")),
            "kms_key": Normalize.optionalString(p["kms_key"]),
            // The source ({from_env|from_file: ...}), never the value itself.
            "value": p["value"] ?? .null,
            "value_version": Normalize.string(p["value_version"], default: .string("1")),
            "recovery_window_days": Normalize.int(p["recovery_window_days"], default: .int(Self.defaultRecoveryWindowDays)),
            "tags": Tags.desired(p["tags"], id: id, context: context),
        ]
    }

    public func physicalID(of p: [String: Value], context: DriverContext) -> String? {
        p["name"]?.stringValue
    }

    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        // The ARN ends in a suffix AWS picks at random.
        ["name": p["name"] ?? .unknown, "arn": .unknown, SecretReadPattern.attribute: .unknown]
    }

    public func read(_ physicalIDs: [String], hints: [String: [String: Value]], context: DriverContext) async throws
        -> [String: LiveResource]
    {
        // DescribeSecret, not ListSecrets: ListSecrets is eventually consistent and can miss a
        // secret created minutes ago.
        let found = try await concurrentMap(physicalIDs, limit: options.concurrency) { name in
            try await withResourceContext(kind: kind, name: name, action: "read") { () -> LiveResource? in
                guard let secret = try await nilIfNotFound({
                    try await client.call(.secretsmanager, "DescribeSecret", ["SecretId": .string(name)])
                }) else { return nil }
                var live = live(secret)
                let window = hints[name]?["recovery_window_days"].flatMap { Normalize.int($0).intValue }
                live.properties["recovery_window_days"] = .int(window ?? Self.defaultRecoveryWindowDays)
                return live
            }
        }
        return Dictionary(found.compactMap { $0.map { ($0.physicalID, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public func listOwned(context: DriverContext, parents: [LiveResource]) async throws -> [LiveResource] {
        try await withResourceContext(kind: kind, name: "*", action: "list") {
            // Secrets already scheduled for deletion are left out: there is nothing left to do.
            let filters: AWSValue = [
                ["Key": "tag-key", "Values": [.string(OwnershipTag.stack)]],
                ["Key": "tag-value", "Values": [.string(context.stackName)]],
            ]
            let pages = try await allPages(client, .secretsmanager, "ListSecrets", ["Filters": filters],
                                           tokenIn: "NextToken", tokenOut: "NextToken")
            // The two filters match independently: check the pair here.
            return pages.flatMap { $0["SecretList"].list }.map(live).filter { $0.ownerStack == context.stackName }
        }
    }

    public func diff(desired: [String: Value], live: LiveResource) -> [PropertyChange] {
        var changes = PropertyDiff.changes(desired: desired, live: live, replaceOn: replaceOn,
                                           ignoring: ["value", "recovery_window_days"])
        if live.properties["pending_deletion"] == .bool(true) {
            changes.insert(PropertyChange(path: "pending_deletion", old: .bool(true), new: .bool(false)), at: 0)
        }
        return changes
    }

    public func create(id: String, properties: [String: Value], context: DriverContext) async throws -> [String: Value] {
        let p = normalize(properties, id: id, context: context)
        let a = PropertyAccess(kind: kind, name: p["name"]?.stringValue ?? id, action: "create", properties: p)
        let name = try a.string("name")
        var tags = try a.stringMap("tags")
        tags[OwnershipTag.valueVersion] = try a.string("value_version")
        var input: [String: AWSValue] = ["Name": .string(name), "Tags": Tags.toList(tags)]
        if let description = try a.optionalString("description"), !description.isEmpty {
            input["Description"] = .string(description)
        }
        if let key = try a.optionalString("kms_key") { input["KmsKeyId"] = .string(key) }
        let value = try options.secretValues.read(p["value"], secret: name, action: "create")
        if let value { input["SecretString"] = .string(value) }
        return try await withResourceContext(kind: kind, name: name, action: "create") {
            let reply = try await redactingSecret(value) {
                try await client.call(.secretsmanager, "CreateSecret", .map(input))
            }
            return Self.attributes(name: name, arn: reply["ARN"].string)
        }
    }

    public func update(id: String, live: LiveResource, properties: [String: Value], changes: [PropertyChange],
                       context: DriverContext) async throws -> [String: Value]
    {
        let p = normalize(properties, id: id, context: context)
        let name = live.physicalID
        let a = PropertyAccess(kind: kind, name: name, action: "update", properties: p)
        let secretID: AWSValue = live.attributes["arn"]?.stringValue.map(AWSValue.string) ?? .string(name)
        return try await withResourceContext(kind: kind, name: name, action: "update") {
            if live.properties["pending_deletion"] == .bool(true) {
                _ = try await client.call(.secretsmanager, "RestoreSecret", ["SecretId": secretID])
            }
            let description = try a.optionalString("description") ?? ""
            let key = try a.optionalString("kms_key")
            let descriptionChanged = Value.string(description) != (live.properties["description"] ?? .string(""))
            let keyChanged = !KMSKeyReference.same(key, live.properties["kms_key"]?.stringValue)
            if descriptionChanged || keyChanged {
                var input: [String: AWSValue] = ["SecretId": secretID, "Description": .string(description)]
                // No key means the AWS managed key, which UpdateSecret names by its alias.
                if keyChanged { input["KmsKeyId"] = .string(key ?? "alias/aws/secretsmanager") }
                _ = try await client.call(.secretsmanager, "UpdateSecret", .map(input))
            }
            var tagsToSet = Tags.changes(live: Tags.live(live), desired: try a.stringMap("tags"))
            let version = try a.string("value_version")
            if Value.string(version) != live.properties["value_version"] {
                // The value first, then the version tag: a crash in between only means the
                // value is written again next time.
                if let value = try options.secretValues.read(p["value"], secret: name, action: "update") {
                    _ = try await redactingSecret(value) {
                        try await client.call(.secretsmanager, "PutSecretValue",
                                              ["SecretId": secretID, "SecretString": .string(value)])
                    }
                }
                tagsToSet.set[OwnershipTag.valueVersion] = version
            }
            if !tagsToSet.set.isEmpty {
                _ = try await client.call(.secretsmanager, "TagResource", ["SecretId": secretID, "Tags": Tags.toList(tagsToSet.set)])
            }
            if !tagsToSet.remove.isEmpty {
                _ = try await client.call(.secretsmanager, "UntagResource",
                                          ["SecretId": secretID, "TagKeys": .list(tagsToSet.remove.map { .string($0) })])
            }
            return Self.attributes(name: name, arn: live.attributes["arn"]?.stringValue)
        }
    }

    public func delete(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        if live.properties["pending_deletion"] == .bool(true) {
            let date = live.attributes["deletion_date"]?.stringValue.map { " on \($0)" } ?? ""
            return DeleteOutcome(note: "already scheduled for deletion\(date)")
        }
        let days = live.properties["recovery_window_days"]?.intValue ?? Self.defaultRecoveryWindowDays
        return try await withResourceContext(kind: kind, name: live.physicalID, action: "delete") {
            let reply = try await nilIfNotFound {
                try await client.call(.secretsmanager, "DeleteSecret",
                                      ["SecretId": .string(live.physicalID), "RecoveryWindowInDays": .integer(Int64(days))])
            }
            guard let reply else { return DeleteOutcome() }
            let date = reply["DeletionDate"].date ?? Date().addingTimeInterval(Double(days) * 86400)
            return DeleteOutcome(note: "scheduled for deletion on \(Self.day(date))")
        }
    }

    // MARK: -

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// `name`, `arn` and the read pattern built from the live ARN (its suffix makes it exact).
    static func attributes(name: String, arn: String?, missing: Value = .unknown) -> [String: Value] {
        let pattern = arn.flatMap { SecretIdentity(name: name, fullARN: $0) }.map(SecretReadPattern.pattern(for:))
        return ["name": .string(name), "arn": arn.map(Value.string) ?? missing,
                SecretReadPattern.attribute: pattern.map(Value.string) ?? missing]
    }

    private func live(_ secret: AWSValue) -> LiveResource {
        let name = secret["Name"].string ?? ""
        let allTags = Tags.fromList(secret["Tags"])
        let owner = Tags.owner(allTags)
        var properties: [String: Value] = [
            "name": .string(name),
            "description": .string(secret["Description"].string ?? ""),
            "kms_key": secret["KmsKeyId"].string.map(Value.string) ?? .null,
            "value_version": allTags[OwnershipTag.valueVersion].map(Value.string) ?? .null,
            "tags": Tags.liveValue(allTags, excluding: [OwnershipTag.valueVersion]),
        ]
        var attributes = Self.attributes(name: name, arn: secret["ARN"].string, missing: .null)
        if let deleted = secret["DeletedDate"].date {
            properties["pending_deletion"] = .bool(true)
            attributes["deletion_date"] = .string(Self.day(deleted))
        }
        return LiveResource(kind: kind, physicalID: name, properties: properties, attributes: attributes,
                            ownerStack: owner.stack, logicalID: owner.logicalID)
    }
}
