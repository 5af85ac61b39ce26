import Foundation
import SecmonPlan

/// The machine-readable plan (`--json`): the Plan itself as pretty JSON with sorted keys, so
/// the same plan always gives the same bytes, plus its summary and a format version.
public enum PlanJSONRenderer {
    public static let formatVersion = 1

    public static func render(_ plan: Plan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(formatVersion: formatVersion, hasChanges: plan.hasChanges,
                                               summary: plan.summary, plan: plan))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        var formatVersion: Int
        var hasChanges: Bool
        var summary: PlanSummary
        var plan: Plan
    }
}
