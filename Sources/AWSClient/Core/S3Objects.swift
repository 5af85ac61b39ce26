import Foundation

extension AWSCalling {
    /// Every object key under `prefix` in `bucket`, in S3's order (by key), "folder" keys
    /// (ending in `/`) left out. ListObjectsV2 pages differently from the rest: the token goes
    /// out as `ContinuationToken` and comes back as `NextContinuationToken`, with `IsTruncated`.
    public func s3Keys(bucket: String, prefix: String) async throws -> [String] {
        var keys: [String] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            var input: [String: AWSValue] = ["Bucket": .string(bucket)]
            if !prefix.isEmpty { input["Prefix"] = .string(prefix) }
            if let token { input["ContinuationToken"] = .string(token) }
            let page = try await call(.s3, "ListObjectsV2", .map(input))
            keys += page["Contents"].list.compactMap { $0["Key"].string }.filter { !$0.hasSuffix("/") }
            token = page["IsTruncated"].bool == true ? page["NextContinuationToken"].string : nil
            // An endpoint that repeats a token would loop forever.
            if let t = token, !seen.insert(t).inserted { token = nil }
        } while token != nil
        return keys
    }

    /// An object's bytes (GetObject's body, whole).
    public func s3Object(bucket: String, key: String) async throws -> Data {
        let object = try await call(.s3, "GetObject", ["Bucket": .string(bucket), "Key": .string(key)])
        if case .blob(let data) = object["Body"] { return data }
        if let text = object["Body"].string { return Data(text.utf8) }
        return Data()
    }
}
