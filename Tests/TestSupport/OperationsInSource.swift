import Foundation

/// The AWS operations a module's source calls, found by reading it: every string literal that
/// names an operation of a service the same file calls (`.logs, "..."`), so an operation passed
/// through a helper (`part("GetBucketPolicy", ...)`) counts too. For checks that a declaration
/// (such as the IAM permissions) covers every call.
public enum OperationsInSource {
    /// `service:Operation` pairs, e.g. "logs:CreateLogGroup", with the operation's API name.
    public static func calls(under directory: String) throws -> Set<String> {
        let operations = try modelledOperations()
        var found: Set<String> = []
        let root = LocalEndpoint.repositoryRoot.appendingPathComponent(directory).path
        for relative in FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String }) ?? []
        where relative.hasSuffix(".swift") {
            let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            let services = Set(matches(#"\.(s3|logs|sns|sqs|iam|sts|cloudtrail|cloudwatch|secretsmanager|events|athena)\s*,"#, in: text))
            let literals = Set(matches(#""([A-Z][A-Za-z0-9]+)""#, in: text))
            for service in services {
                for literal in literals where operations[service]?.contains(literal) == true {
                    found.insert("\(service):\(literal)")
                }
            }
        }
        return found
    }

    /// scripts/codegen/operations.json: the operations secmon's embedded models carry.
    static func modelledOperations() throws -> [String: Set<String>] {
        let url = LocalEndpoint.repositoryRoot.appendingPathComponent("scripts/codegen/operations.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String]] ?? [:]
        return object.mapValues(Set.init)
    }

    private static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
