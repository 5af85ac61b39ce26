import Foundation
import SecmonPlan

/// A saved plan (`plan --out FILE`, `apply FILE`): the Plan as JSON under a format version.
/// It holds no secret value (plans never do); it is still written readable by its owner only,
/// since it names the account's resources.
public enum PlanFile {
    /// The format this secmon writes and the only one it reads.
    public static let version = 1
    /// Marks the file as a secmon plan, so `apply some.json` gives a clear refusal.
    static let format = "secmon-plan"

    public static func encode(_ plan: Plan) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Envelope(format: format, version: version, plan: plan)) + Data("\n".utf8)
    }

    public static func decode(_ data: Data, path: String) throws -> Plan {
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw PlanFileError.notAPlan(path: path)
        }
        guard header.format == format, let fileVersion = header.version else { throw PlanFileError.notAPlan(path: path) }
        guard fileVersion == version else { throw PlanFileError.unsupportedVersion(path: path, version: fileVersion) }
        do {
            return try JSONDecoder().decode(Envelope.self, from: data).plan
        } catch {
            throw PlanFileError.damaged(path: path, reason: describe(error))
        }
    }

    public static func save(_ plan: Plan, to path: String) throws {
        let data = try encode(plan)
        let url = URL(fileURLWithPath: path)
        do {
            try data.write(to: url, options: [.atomic])
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        } catch {
            throw PlanFileError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    public static func load(from path: String) throws -> Plan {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PlanFileError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path)
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
        var plan: Plan
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
            return "\(path) is a plan in format version \(version), but this secmon reads only version \(PlanFile.version); "
                + "run plan again with this secmon"
        case .damaged(let path, let reason): return "the plan file \(path) is damaged (\(reason)); run plan again"
        }
    }
}
