import CZlib

/// Decompresses a gzip stream (several concatenated members included, as `cat a.gz b.gz`
/// produces) through the system zlib, a chunk at a time.
public struct GzipByteSource<Base: ByteSource>: ByteSource {
    var base: Base
    private let inflater: Inflater
    private var pendingInput: [UInt8] = []
    private var inputOffset = 0
    private var finished = false

    /// The zlib stream lives in a class so its memory is released exactly once.
    private final class Inflater {
        var stream = z_stream()
        var initialized = false

        init() throws(LogInputError) {
            // 15 + 32: a window of 2^15 and automatic gzip/zlib header detection.
            let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw LogInputError("zlib could not start (status \(status))") }
            initialized = true
        }

        deinit { if initialized { inflateEnd(&stream) } }
    }

    public init(_ base: Base) throws(LogInputError) {
        self.base = base
        self.inflater = try Inflater()
    }

    public mutating func read(maxCount: Int) throws(LogInputError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(maxCount, 1))
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset >= pendingInput.count {
                pendingInput = try base.read(maxCount: 64 * 1024)
                inputOffset = 0
                if pendingInput.isEmpty {
                    // The input ended: fine between members, an error inside one.
                    if insideMember { throw LogInputError("the gzip data is truncated") }
                    finished = true
                    break
                }
            }
            insideMember = true
            let input = pendingInput
            let offset = inputOffset
            let stream = inflater
            var consumed = 0
            // Both buffers are non-empty here (checked above; `output` has at least one byte).
            let status: Int32 = input.withUnsafeBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return Z_STREAM_ERROR }
                    stream.stream.next_in = UnsafeMutablePointer(mutating: inBase + offset)
                    stream.stream.avail_in = UInt32(inBuffer.count - offset)
                    stream.stream.next_out = outBase + produced
                    stream.stream.avail_out = UInt32(outBuffer.count - produced)
                    let status = inflate(&stream.stream, Z_NO_FLUSH)
                    produced = outBuffer.count - Int(stream.stream.avail_out)
                    consumed = inBuffer.count - offset - Int(stream.stream.avail_in)
                    return status
                }
            }
            inputOffset += consumed
            switch status {
            case Z_OK, Z_BUF_ERROR:
                break
            case Z_STREAM_END:
                // Another member may follow.
                insideMember = false
                inflateReset(&stream.stream)
            default:
                throw LogInputError("the gzip data is corrupt (zlib status \(status))")
            }
        }
        return Array(output[..<produced])
    }

    private var insideMember = false
}

/// Whether bytes start like gzip (RFC 1952 magic).
func looksLikeGzip(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
}
