import CZlib
import Foundation

/// The body checksum S3 requires on some operations (`httpChecksum.requestChecksumRequired`:
/// PutBucketPolicy, PutBucketTagging, PutBucketLifecycleConfiguration, PutBucketEncryption,
/// PutPublicAccessBlock, DeleteObjects). S3 accepts `x-amz-checksum-crc32` instead of
/// Content-MD5 (flexible checksums, what current botocore sends by default); zlib computes CRC32,
/// so no MD5 is needed.
enum RequestChecksum {
    static let algorithmHeader = "x-amz-sdk-checksum-algorithm"
    static let crc32Header = "x-amz-checksum-crc32"

    /// Base64 of the big-endian CRC32 of `body`.
    static func crc32Base64(_ body: Data) -> String {
        var crc: UInt = 0
        body.withUnsafeBytes { raw in
            var offset = 0
            // zlib takes a 32-bit length; feed large bodies in chunks.
            while offset < raw.count {
                let chunk = min(raw.count - offset, Int(Int32.max))
                let base = raw.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: Bytef.self) }
                crc = CZlib.crc32(crc, base, uInt(chunk))
                offset += chunk
            }
        }
        let value = UInt32(truncatingIfNeeded: crc)
        let bytes: [UInt8] = [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff),
                              UInt8(value & 0xff)]
        return Data(bytes).base64EncodedString()
    }

    /// Adds the CRC32 headers when the operation asks for a checksum and none was given.
    static func apply(to request: inout EncodedRequest, operation: OperationModel) {
        guard operation.requestChecksumRequired || operation.requestAlgorithmMember != nil else { return }
        if request.headers.contains(where: { $0.name.lowercased().hasPrefix("x-amz-checksum-") }) { return }
        request.headers.removeAll { $0.name.lowercased() == algorithmHeader }
        request.headers.append(HTTPHeader(algorithmHeader, "CRC32"))
        request.headers.append(HTTPHeader(crc32Header, crc32Base64(request.body)))
    }
}
