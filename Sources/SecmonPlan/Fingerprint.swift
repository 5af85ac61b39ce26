import Foundation
import SecmonCore

extension LiveResource {
    /// A short stable digest of what the planner decides from (kind, physical id, properties,
    /// owner), to notice that the account changed between plan and apply. Not a security
    /// measure: FNV-1a over canonical JSON. Attributes are left out: they derive from the
    /// physical id, and a listing may fill fewer of them than a read.
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let basis = FingerprintBasis(kind: kind, physicalID: physicalID, properties: properties, ownerStack: ownerStack)
        // Encoding plain Codable data with string keys does not fail; were it to, the empty
        // input still yields a digest no real resource has.
        let bytes = (try? encoder.encode(basis)) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

private struct FingerprintBasis: Encodable {
    var kind: String
    var physicalID: String
    var properties: [String: Value]
    var ownerStack: String?
}
