import Foundation

/// Something that yields bytes in chunks: a file, standard input, a decompressor, a download.
/// Readers pull from it so memory stays bounded by a chunk, not by the input.
public protocol ByteSource {
    /// Up to `maxCount` more bytes; empty at the end.
    mutating func read(maxCount: Int) throws(LogInputError) -> [UInt8]
}

public struct LogInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Bytes from an open file descriptor (a file, or standard input).
public struct FileByteSource: ByteSource {
    let handle: FileHandle

    public init(handle: FileHandle) {
        self.handle = handle
    }

    public init(path: String) throws(LogInputError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LogInputError("cannot read \(path): no such file")
        }
        // Opening a directory succeeds on Linux; reading it then fails with an opaque error.
        guard !isDirectory.boolValue else { throw LogInputError("cannot read \(path): it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LogInputError("cannot open \(path) for reading")
        }
        self.handle = handle
    }

    public mutating func read(maxCount: Int) throws(LogInputError) -> [UInt8] {
        do {
            guard let data = try handle.read(upToCount: maxCount) else { return [] }
            return [UInt8](data)
        } catch {
            throw LogInputError("read failed: \(error.localizedDescription)")
        }
    }
}

/// Bytes already in memory, handed out in chunks (tests, small inputs).
public struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ data: Data) { self.bytes = [UInt8](data) }

    public mutating func read(maxCount: Int) throws(LogInputError) -> [UInt8] {
        let end = min(bytes.count, position + maxCount)
        defer { position = end }
        return Array(bytes[position..<end])
    }
}

/// Puts back bytes read to detect a format, in front of the rest of a source.
struct PrefixedByteSource<Base: ByteSource>: ByteSource {
    var prefix: [UInt8]
    var base: Base

    mutating func read(maxCount: Int) throws(LogInputError) -> [UInt8] {
        if !prefix.isEmpty {
            let count = min(maxCount, prefix.count)
            let out = Array(prefix[..<count])
            prefix.removeFirst(count)
            return out
        }
        return try base.read(maxCount: maxCount)
    }
}
