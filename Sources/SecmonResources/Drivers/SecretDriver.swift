import AWSClient
import Foundation
import SecmonCore
import SecmonPlan
import SecmonStack

/// `secret`: a Secrets Manager secret. Physical id: its name.
///
/// The value is write-only. secmon never reads it back (it never calls GetSecretValue); it reads
/// it from the source named in `value` only when creating the secret and when `value_version`
/// of a secret it owns changes (never when adopting one), and passes it to AWS as SecretString
/// and nowhere else. `value_version` is kept in
/// the `secmon:value-version` tag so that it can be compared without the value.
///
/// `recovery_window_days` is delete-time: not compared; `read` copies it from `hints` into the
/// live properties so that `delete` honours the stack's setting.
/// A secret scheduled for deletion is read with `pending_deletion: true`, which diffs against
/// the desired state; `update` then restores it.
public struct SecretDriver: KindMapping {
    public static let schema = KindSchema.secret
    public static let service = AWSService.secretsmanager
    public static let mapping = PropertyMapping.table(
        ["CreateSecret": ["name": "Name", "description": "Description", "kms_key": "KmsKeyId",
                          "value": "SecretString", "value_version": "Tags", "tags": "Tags"],
         "DeleteSecret": ["recovery_window_days": "RecoveryWindowInDays"]])
    public let tagWriting: TagWriting? = TagWriting(add: "TagResource", remove: "UntagResource", resource: "SecretId")
    public static let readsWithoutAccount = true
    public let client: any AWSCalling
    public var options = DriverOptions()

    public func readOne(_ name: String, hint: [String: Value]?, context: DriverContext) async throws -> LiveResource? {
        // DescribeSecret, not ListSecrets: ListSecrets is eventually consistent and can miss a
        // secret created minutes ago.
        guard let secret = try await nilIfNotFound({
            try await client.call(.secretsmanager, "DescribeSecret", ["SecretId": .string(name)])
        }) else { return nil }
        var live = live(secret)
        live.properties["recovery_window_days"] = Self.recoveryWindow(hint?["recovery_window_days"])
        return live
    }

    public func listCandidates(context: DriverContext, known: [String: LiveResource]) async throws -> [LiveResource] {
        // Secrets already scheduled for deletion are left out: there is nothing left to do.
        // The two filters match independently: the skeleton checks the pair.
        let filters: AWSValue = [
            ["Key": "tag-key", "Values": [.string(OwnershipTag.stack)]],
            ["Key": "tag-value", "Values": [.string(context.stackName)]],
        ]
        return try await client.allPages(.secretsmanager, "ListSecrets", ["Filters": filters], items: "SecretList").map(live)
    }

    public func pendingChanges(_ live: LiveResource) -> [PropertyChange] {
        live.properties["pending_deletion"] == .bool(true)
            ? [PropertyChange(path: "pending_deletion", old: .bool(true), new: .bool(false))] : []
    }

    public func create(_ a: PropertyAccess, id: String, context: DriverContext) async throws -> [String: Value] {
        let name = try a.string("name")
        var input: [String: AWSValue] = ["Name": .string(name), "Tags": Tags.toList(try desiredTags(a))]
        if let description = try a.optionalString("description"), !description.isEmpty {
            input["Description"] = .string(description)
        }
        if let key = try a.optionalString("kms_key") { input["KmsKeyId"] = .string(key) }
        let value = try options.secretValues.read(a.properties["value"], secret: name, action: "create")
        if let value { input["SecretString"] = .string(value) }
        let reply = try await redactingSecret(value) {
            try await client.call(.secretsmanager, "CreateSecret", .map(input))
        }
        return Self.attributes(name: name, arn: reply["ARN"].string)
    }

    public func update(_ a: PropertyAccess, live: LiveResource, changes: [PropertyChange], context: DriverContext) async throws
        -> [String: Value]
    {
        let secretID = AWSValue.string(tagTarget(live, context: context))
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
        // The value here, the version tag after it (the skeleton writes tags last): a crash
        // in between only means the value is written again next time. Adopting (the secret is
        // nobody's yet) never writes it: it records the version, and a later bump writes.
        if live.ownerStack == context.stackName, a.properties["value_version"] != live.properties["value_version"],
           let value = try options.secretValues.read(a.properties["value"], secret: live.physicalID, action: "update") {
            _ = try await redactingSecret(value) {
                try await client.call(.secretsmanager, "PutSecretValue", ["SecretId": secretID, "SecretString": .string(value)])
            }
        }
        return Self.attributes(name: live.physicalID, arn: live.attributes["arn"]?.stringValue)
    }

    public func remove(_ live: LiveResource, context: DriverContext) async throws -> DeleteOutcome {
        if live.properties["pending_deletion"] == .bool(true) {
            let date = live.attributes["deletion_date"]?.stringValue.map { " on \($0)" } ?? ""
            return DeleteOutcome(note: "already scheduled for deletion\(date)")
        }
        let days = Self.recoveryWindow(live.properties["recovery_window_days"]).intValue ?? 30
        let reply = try await nilIfNotFound {
            try await client.call(.secretsmanager, "DeleteSecret",
                                  ["SecretId": .string(live.physicalID), "RecoveryWindowInDays": .integer(Int64(days))])
        }
        guard let reply else { return DeleteOutcome() }
        let date = reply["DeletionDate"].date ?? Date().addingTimeInterval(Double(days) * 86400)
        return DeleteOutcome(note: "scheduled for deletion on \(Self.day(date))")
    }

    // MARK: - Tags: the value version travels as a tag of its own

    public func desiredTags(_ a: PropertyAccess) throws -> [String: String] {
        var tags = try a.stringMap("tags")
        tags[OwnershipTag.valueVersion] = try a.string("value_version")
        return tags
    }

    public func liveTags(_ live: LiveResource) -> [String: String] {
        var tags = Tags.live(live)
        tags[OwnershipTag.valueVersion] = live.properties["value_version"]?.stringValue
        return tags
    }

    // MARK: -

    /// The stack's recovery window (given, or the schema's default).
    static func recoveryWindow(_ given: Value?) -> Value {
        schema.property("recovery_window_days")?.normalize(given, [:]) ?? .null
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// The ARN ends in a suffix AWS picks at random: known after apply, like the read pattern.
    public func plannedAttributes(of p: [String: Value], context: DriverContext) -> [String: Value] {
        ["name": p["name"] ?? .unknown, "arn": .unknown, SecretReadPattern.attribute: .unknown,
         SecretReadPattern.eventAttribute: .unknown]
    }

    /// `name`, `arn` and the read patterns (filter and event pattern) built from the live ARN
    /// (its suffix makes them exact).
    static func attributes(name: String, arn: String?, missing: Value = .unknown) -> [String: Value] {
        let identity = arn.flatMap { SecretIdentity(name: name, fullARN: $0) }
        var out: [String: Value] = ["name": .string(name), "arn": arn.map(Value.string) ?? missing]
        for attribute in [SecretReadPattern.attribute, SecretReadPattern.eventAttribute] {
            out[attribute] = identity.flatMap { SecretReadPattern.pattern(attribute: attribute, for: $0) }.map(Value.string) ?? missing
        }
        return out
    }

    private func live(_ secret: AWSValue) -> LiveResource {
        let name = secret["Name"].string ?? ""
        let tags = Tags.fromList(secret["Tags"])
        var live = LiveResource(kind: kind, physicalID: name, tags: tags, excluding: [OwnershipTag.valueVersion], properties: [
            "name": .string(name),
            "description": .string(secret["Description"].string ?? ""),
            "kms_key": secret[string: "KmsKeyId"],
            "value_version": tags[OwnershipTag.valueVersion].map(Value.string) ?? .null,
        ], attributes: Self.attributes(name: name, arn: secret["ARN"].string, missing: .null))
        if let deleted = secret["DeletedDate"].date {
            live.properties["pending_deletion"] = .bool(true)
            live.attributes["deletion_date"] = .string(Self.day(deleted))
        }
        return live
    }
}
