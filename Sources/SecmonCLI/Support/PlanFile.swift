import Foundation
import SecmonPlan

/// One part of a saved plan: the plan of one account and region, and for a target of the
/// stack's `targets:` the role assumed there.
public struct SavedPlan: Sendable, Codable, Hashable {
    public var role: String?
    public var plan: Plan
    public init(_ plan: Plan, role: String? = nil) {
        self.plan = plan
        self.role = role
    }
}

/// A saved plan (`plan --out FILE`, `apply FILE`): the Plan as JSON under a format version; for
/// a stack with `targets:`, every target's plan with the role it was made through (format
/// version 2). It holds no secret value (plans never do); it is still written readable by its
/// owner only, since it names the account's resources.
public enum PlanFile {
    /// The format of one account and region's plan.
    public static let version = 1
    /// The format of a plan per target (`targets`).
    public static let targetsVersion = 2
    /// Marks the file as a secmon plan, so `apply some.json` gives a clear refusal.
    static let format = "secmon-plan"

    public static func encode(_ plan: Plan) throws -> Data {
        try encode([SavedPlan(plan)])
    }

    /// One part without a role is written as version 1, which older secmons read too.
    public static func encode(_ parts: [SavedPlan]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let envelope = parts.count == 1 && parts[0].role == nil
            ? Envelope(format: format, version: version, plan: parts[0].plan)
            : Envelope(format: format, version: targetsVersion, targets: parts)
        return try encoder.encode(envelope) + Data("\n".utf8)
    }

    public static func decode(_ data: Data, path: String) throws -> Plan {
        let parts = try decodeParts(data, path: path)
        guard parts.count == 1 else { throw PlanFileError.damaged(path: path, reason: "it holds \(parts.count) targets' plans") }
        return parts[0].plan
    }

    /// Every part of the file: one for a version 1 file.
    public static func decodeParts(_ data: Data, path: String) throws -> [SavedPlan] {
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw PlanFileError.notAPlan(path: path)
        }
        guard header.format == format, let fileVersion = header.version else { throw PlanFileError.notAPlan(path: path) }
        guard fileVersion == version || fileVersion == targetsVersion else {
            throw PlanFileError.unsupportedVersion(path: path, version: fileVersion)
        }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw PlanFileError.damaged(path: path, reason: describe(error))
        }
        if fileVersion == version, let plan = envelope.plan { return [SavedPlan(plan)] }
        guard fileVersion == targetsVersion, let targets = envelope.targets, !targets.isEmpty,
              targets.allSatisfy({ $0.role != nil }) else {
            throw PlanFileError.damaged(path: path, reason: fileVersion == version ? "missing plan" : "missing targets")
        }
        return targets
    }

    public static func save(_ plan: Plan, to path: String) throws {
        try save([SavedPlan(plan)], to: path)
    }

    public static func save(_ parts: [SavedPlan], to path: String) throws {
        let data = try encode(parts)
        let url = URL(fileURLWithPath: path)
        do {
            try data.write(to: url, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw PlanFileError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    public static func load(from path: String) throws -> Plan {
        try decode(try read(path), path: path)
    }

    /// Every part of the saved plan at `path`.
    public static func loadParts(from path: String) throws -> [SavedPlan] {
        try decodeParts(try read(path), path: path)
    }

    private static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PlanFileError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// Whether a path names a saved plan rather than a stack (`apply [STACK | PLANFILE]`):
    /// a readable file that is JSON with the plan marker.
    public static func isPlanFile(_ path: String) -> Bool {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)),
              let header = try? JSONDecoder().decode(Header.self, from: data) else { return false }
        return header.format == format
    }

    private struct Header: Decodable {
        var format: String?
        var version: Int?
    }

    private struct Envelope: Codable {
        var format: String
        var version: Int
        /// Version 1: the one plan.
        var plan: Plan?
        /// Version 2: each target's.
        var targets: [SavedPlan]?
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            return "unexpected value at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

public enum PlanFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case notAPlan(path: String)
    case unsupportedVersion(path: String, version: Int)
    case damaged(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read the plan file \(path): \(reason)"
        case .unwritable(let path, let reason): return "cannot write the plan file \(path): \(reason)"
        case .notAPlan(let path): return "\(path) is not a plan saved by secmon (make one with `secmon plan --out FILE`)"
        case .unsupportedVersion(let path, let version):
            return "\(path) is a plan in format version \(version), but this secmon reads only versions \(PlanFile.version) and \(PlanFile.targetsVersion); "
                + "run plan again with this secmon"
        case .damaged(let path, let reason): return "the plan file \(path) is damaged (\(reason)); run plan again"
        }
    }
}
