import CCrypto

/// SHA-256 and HMAC-SHA256 over OpenSSL's libcrypto: the only hashing SigV4 needs.
public enum Crypto {
    /// SHA-256 of `bytes`.
    public static func sha256<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        digest(bytes, size: Int(SHA256_DIGEST_LENGTH), algorithm: EVP_sha256())
    }

    /// SHA-1 of `bytes`: only for names the AWS CLI derives with it (the SSO token cache file).
    public static func sha1<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        digest(bytes, size: Int(SHA_DIGEST_LENGTH), algorithm: EVP_sha1())
    }

    private static func digest<Bytes: Collection>(_ bytes: Bytes, size: Int, algorithm: OpaquePointer?) -> [UInt8]
    where Bytes.Element == UInt8 {
        var digest = [UInt8](repeating: 0, count: size)
        var length: UInt32 = 0
        let input = Array(bytes)
        input.withUnsafeBytes { raw in
            // EVP_Digest only fails on allocation failure inside OpenSSL; the zeroed digest
            // would then make the signature mismatch, which AWS reports, rather than crash here.
            _ = EVP_Digest(raw.baseAddress, raw.count, &digest, &length, algorithm, nil)
        }
        return digest
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256<Key: Collection, Bytes: Collection>(key: Key, data: Bytes) -> [UInt8]
    where Key.Element == UInt8, Bytes.Element == UInt8 {
        var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let keyBytes = Array(key)
        let dataBytes = Array(data)
        keyBytes.withUnsafeBytes { k in
            dataBytes.withUnsafeBytes { d in
                _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count),
                         d.baseAddress?.assumingMemoryBound(to: UInt8.self), d.count, &mac, &length)
            }
        }
        return Array(mac.prefix(Int(length)))
    }

    /// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
