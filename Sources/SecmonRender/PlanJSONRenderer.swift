import Foundation
import SecmonCore
import SecmonPlan

/// The machine-readable plan (`plan --format json`), documented in docs/plan-json.md with its
/// JSON Schema in docs/plan.schema.json. Shaped like Terraform's `show -json` plan, so tools
/// written for it need little change: `resource_changes[].change.{actions, before, after,
/// after_unknown, before_sensitive, after_sensitive, replace_paths}` and `action_reason`.
/// Pretty, with sorted keys: the same plan always gives the same bytes.
public enum PlanJSONRenderer {
    /// "2.1": the Terraform-shaped document (2.1 added `shared_from_region`, and releases:
    /// `["forget"]` and `summary.release`). (Format 1 was the raw saved-plan data.) A new
    /// minor version only adds fields; a new major version changes or removes one.
    public static let formatVersion = "2.1"

    public static func render(_ plan: Plan) throws -> String {
        try encode(document(plan))
    }

    static func summaryNode(_ summary: PlanSummary) -> JSONNode {
        .object(["add": .int(summary.add), "change": .int(summary.change), "destroy": .int(summary.destroy),
                 "adopt": .int(summary.adopt), "release": .int(summary.release)])
    }

    static func encode(_ node: JSONNode) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(node), as: UTF8.self) + "\n"
    }

    static func document(_ plan: Plan) -> JSONNode {
        let summary = plan.summary
        return .object([
            "format_version": .string(formatVersion),
            "stack": .string(plan.stackName),
            "mode": .string(plan.mode.rawValue),
            "account_id": .string(plan.context.accountID),
            "region": .string(plan.context.region),
            "partition": .string(plan.context.partition),
            "has_changes": .bool(plan.hasChanges),
            "summary": summaryNode(summary),
            "resource_changes": .array(plan.actions.map { resourceChange($0, mode: plan.mode) }),
        ])
    }

    private static func resourceChange(_ action: PlannedAction, mode: PlanMode) -> JSONNode {
        let before: [String: Value]? = action.action == .create ? nil : (action.live?.properties ?? action.properties)
        let after: [String: Value]? = action.action == .delete || action.action == .release ? nil : action.properties
        var change: [String: JSONNode] = [
            "actions": .array(actions(action).map(JSONNode.string)),
            "before": before.map { plain(.map($0)) } ?? .null,
            "after": after.map { plain(.map($0)) } ?? .null,
            "after_unknown": after.map { mask(.map($0), where: { !$0.isFullyKnown }) } ?? .object([:]),
            "before_sensitive": before.map { mask(.map($0), where: { $0 == .sensitive }) } ?? .bool(false),
            "after_sensitive": after.map { mask(.map($0), where: { $0 == .sensitive }) } ?? .bool(false),
            "replace_paths": .array(action.replacementCauses.map { path in
                .array(path.split(separator: ".").map { .string(String($0)) })
            }),
        ]
        if action.action == .adopt, let id = action.live?.physicalID ?? action.physicalID {
            change["importing"] = .object(["id": .string(id)])
        }
        var out: [String: JSONNode] = [
            "address": .string(action.address),
            "kind": .string(action.kind),
            "physical_id": action.physicalID.map(JSONNode.string) ?? .null,
            "previous_physical_id": action.live.map { .string($0.physicalID) } ?? .null,
            "dependencies": .array(action.dependencies.map(JSONNode.string)),
            "change": .object(change),
        ]
        if let reason = reason(action, mode: mode) { out["action_reason"] = .string(reason) }
        if let region = action.sharedFromRegion { out["shared_from_region"] = .string(region) }
        return .object(out)
    }

    /// Terraform's action lists: a replacement is `["delete", "create"]` or, when the new one
    /// is created first, `["create", "delete"]`; an adoption is an update (or no-op) with
    /// `change.importing`, as Terraform's import blocks are; a release is Terraform's `forget`
    /// (`removed { lifecycle { destroy = false } }`).
    static func actions(_ action: PlannedAction) -> [String] {
        switch action.action {
        case .create: return ["create"]
        case .update: return ["update"]
        case .delete: return ["delete"]
        case .noop: return ["no-op"]
        case .read: return ["read"]
        case .release: return ["forget"]
        case .adopt: return action.changes.isEmpty ? ["no-op"] : ["update"]
        case .replace: return action.replacementOrder == .createThenDelete ? ["create", "delete"] : ["delete", "create"]
        }
    }

    /// Terraform's `action_reason` where one applies, plus secmon's own for a replacement that
    /// no property forces (the physical id changes).
    static func reason(_ action: PlannedAction, mode: PlanMode) -> String? {
        switch action.action {
        case .replace:
            return action.replacementCauses.isEmpty ? "replace_because_physical_id_changes" : "replace_because_cannot_update"
        case .delete:
            return mode == .destroy ? nil : "delete_because_no_resource_config"
        case .release:
            return "release_because_retained"
        default:
            return nil
        }
    }

    /// The value as plain JSON: what is not known yet, and every sensitive value, is null (the
    /// masks say which).
    static func plain(_ value: Value) -> JSONNode {
        switch value {
        case .null, .unknown, .template, .sensitive: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let l): return .array(l.map(plain))
        case .map(let m): return .object(m.mapValues(plain))
        }
    }

    /// Terraform's masks: `true` where `marked` holds; objects keep only the keys that hold
    /// something marked; arrays keep every element (`false` where nothing is marked).
    static func mask(_ value: Value, where marked: (Value) -> Bool) -> JSONNode {
        if marked(value), value.mapValue == nil, value.listValue == nil { return .bool(true) }
        switch value {
        case .map(let m):
            var out: [String: JSONNode] = [:]
            for (key, element) in m {
                let inner = mask(element, where: marked)
                if inner.marksSomething { out[key] = inner }
            }
            return .object(out)
        case .list(let l):
            return .array(l.map { element in
                let inner = mask(element, where: marked)
                return inner.marksSomething ? inner : .bool(false)
            })
        default:
            return .bool(false)
        }
    }
}

private extension JSONNode {
    /// Whether a mask holds a `true` anywhere.
    var marksSomething: Bool {
        switch self {
        case .bool(let b): return b
        case .array(let a): return a.contains(where: \.marksSomething)
        case .object(let o): return o.values.contains(where: \.marksSomething)
        default: return false
        }
    }
}

/// A JSON value, for documents whose shape is built rather than derived from a type.
public indirect enum JSONNode: Encodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
