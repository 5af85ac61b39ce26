import AWSClient
import SecmonCore

/// The two documents secmon gives a role: who may assume it, and what it may do (its inline
/// policy named "secmon").
enum RolePolicies {
    static let inlinePolicyName = "secmon"

    static func trust(service: String) -> Value {
        PolicyDocument.canonical(.map([
            "Version": .string("2012-10-17"),
            "Statement": .list([.map([
                "Effect": .string("Allow"),
                "Principal": .map(["Service": .string(service)]),
                "Action": .string("sts:AssumeRole"),
            ])]),
        ]))
    }

    /// The stack's statements in canonical order, each `{sid?, effect, actions, resources}` with
    /// `effect` defaulted to Allow and the lists sorted. Nil if a statement is not a map.
    static func normalizedStatements(_ value: Value?) -> [Value]? {
        guard let value, value != .null else { return [] }
        guard case .list(let items) = value else { return nil }
        var out: [Value] = []
        for item in items {
            guard case .map(let m) = item else { return nil }
            var statement: [String: Value] = [
                "effect": Normalize.string(m["effect"], default: .string("Allow")),
                "actions": Normalize.unorderedList(m["actions"]),
                "resources": Normalize.unorderedList(m["resources"]),
            ]
            if let sid = m["sid"], sid != .null { statement["sid"] = Normalize.string(sid) }
            out.append(.map(statement))
        }
        return out
    }

    /// The inline policy: the log-delivery shorthand (`allow_cloudtrail_logs`, a log group ARN)
    /// plus the stack's statements. Nil when there is nothing to allow.
    static func inline(cloudTrailLogGroupArn: String?, statements: [Value]) -> Value? {
        var out: [Value] = []
        if let arn = cloudTrailLogGroupArn {
            out.append(.map([
                "Sid": .string("CloudTrailLogDelivery"),
                "Effect": .string("Allow"),
                "Action": .list([.string("logs:CreateLogStream"), .string("logs:PutLogEvents")]),
                "Resource": .string(ARN.withoutWildcard(arn) + ":log-stream:*"),
            ]))
        }
        for statement in statements {
            var s: [String: Value] = [
                "Effect": statement["effect"] ?? .string("Allow"),
                "Action": statement["actions"] ?? .list([]),
                "Resource": statement["resources"] ?? .list([]),
            ]
            if let sid = statement["sid"] { s["Sid"] = sid }
            out.append(.map(s))
        }
        guard !out.isEmpty else { return nil }
        return PolicyDocument.canonical(.map(["Version": .string("2012-10-17"), "Statement": .list(out)]))
    }
}
