import SecmonCore
import SecmonPlan

/// The diff every driver uses: desired keys compared by value, tags compared key by key
/// (`tags.<key>`), KMS key references compared as the same key however they are written,
/// and some keys never compared (write-only values, delete-time settings, inputs that a
/// generated policy document already represents).
public enum PropertyDiff {
    public static func changes(desired: [String: Value], live: LiveResource, replaceOn: Set<String>,
                        ignoring: Set<String> = []) -> [PropertyChange] {
        var out: [PropertyChange] = []
        for key in desired.keys.sorted() where !ignoring.contains(key) {
            let want = desired[key] ?? .null
            let have = live.properties[key] ?? .null
            if want == .sensitive || want == have { continue }
            if key == "tags", case .map(let wantTags) = want {
                out += tagChanges(want: wantTags, have: have.mapValue ?? [:])
                continue
            }
            if key == "kms_key" || key.hasSuffix("_kms_key"), let w = want.stringValue, let h = have.stringValue,
               KMSKeyReference.same(w, h) {
                continue
            }
            out.append(PropertyChange(path: key, old: have, new: want, forcesReplacement: replaceOn.contains(key)))
        }
        return out
    }

    private static func tagChanges(want: [String: Value], have: [String: Value]) -> [PropertyChange] {
        Set(want.keys).union(have.keys).sorted().compactMap { key in
            let w = want[key], h = have[key]
            guard w != h else { return nil }
            return PropertyChange(path: "tags.\(key)", old: h, new: w)
        }
    }
}

/// KMS keys can be named by key id, key ARN, alias name or alias ARN; AWS often reports a
/// different form than was given (a key ARN for a key id). Two references are the same when
/// equal, or when one is an ARN ending in the other (`…:key/<id>` for `<id>`, `…:alias/x`
/// for `alias/x`). An alias and the key it points to cannot be matched without a KMS call:
/// give key ARNs to avoid a standing diff.
enum KMSKeyReference {
    static func same(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        return arn(a, endsWith: b) || arn(b, endsWith: a)
    }

    /// Absent and absent are the same; absent and a key are not.
    static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return same(a, b)
        default: return false
        }
    }

    private static func arn(_ arn: String, endsWith short: String) -> Bool {
        guard arn.hasPrefix("arn:"), !short.hasPrefix("arn:") else { return false }
        if short.hasPrefix("alias/") { return arn.hasSuffix(":" + short) }
        return arn.hasSuffix(":key/" + short)
    }
}
