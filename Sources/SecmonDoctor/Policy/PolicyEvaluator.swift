/// One request put to a policy, as IAM sees it: who asks, for which action, on which resource,
/// and the request's context keys (aws:SourceArn, aws:SourceAccount, ...).
public struct PolicyRequest: Sendable, Hashable {
    /// A service principal, e.g. "cloudtrail.amazonaws.com"; nil for an identity policy (the
    /// policy's own role is the principal, and its statements name none).
    public var service: String?
    public var action: String
    /// Nil for a trust policy, whose statements name no resource.
    public var resource: String?
    /// Context keys the request carries, by key as IAM spells it (matched case-insensitively).
    public var context: [String: String]

    /// The context keys doctor models: any other key in a condition makes it "cannot tell".
    static let modelledKeys: Set<String> = [
        "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:securetransport", "s3:x-amz-acl",
    ]

    public init(service: String?, action: String, resource: String? = nil, context: [String: String] = [:]) {
        self.service = service
        self.action = action
        self.resource = resource
        self.context = context
    }

    func value(of key: String) -> String? {
        context.first { $0.key.lowercased() == key.lowercased() }?.value
    }
}

/// What the policies say about a request, IAM's way: an explicit Deny wins over any Allow; without
/// an Allow the request is denied; a statement doctor cannot evaluate (an unmodelled condition
/// key or operator, NotAction/NotResource/NotPrincipal) makes the answer `undetermined` only
/// when it could change it.
public enum PolicyDecision: Sendable, Hashable {
    case allowed(by: PolicyDocument.Statement)
    case explicitlyDenied(by: PolicyDocument.Statement)
    case implicitlyDenied
    /// Why doctor cannot tell.
    case undetermined(String)
}

/// The one policy evaluator every policy check of doctor uses (role trust, role permissions,
/// topic policy, bucket policy).
public enum PolicyEvaluator {
    public static func evaluate(_ policies: [PolicyDocument], _ request: PolicyRequest) -> PolicyDecision {
        var allow: PolicyDocument.Statement?
        var unclearAllow: (PolicyDocument.Statement, String)?
        var unclearDeny: (PolicyDocument.Statement, String)?
        for statement in policies.flatMap(\.statements) {
            switch applies(statement, to: request) {
            case .no:
                continue
            case .unknown(let why):
                if statement.allows { unclearAllow = unclearAllow ?? (statement, why) } else { unclearDeny = unclearDeny ?? (statement, why) }
            case .yes:
                if !statement.allows { return .explicitlyDenied(by: statement) }
                allow = allow ?? statement
            }
        }
        if let (statement, why) = unclearDeny {
            return .undetermined("Deny statement \(statement.label) may apply: \(why)")
        }
        if let allow { return .allowed(by: allow) }
        if let (statement, why) = unclearAllow {
            return .undetermined("Allow statement \(statement.label) may apply: \(why)")
        }
        return .implicitlyDenied
    }

    enum Applies: Equatable { case yes, no, unknown(String) }

    static func applies(_ s: PolicyDocument.Statement, to request: PolicyRequest) -> Applies {
        if s.usesNegation { return .unknown("it uses NotAction, NotResource or NotPrincipal") }
        if let service = request.service, !s.names(service: service) { return .no }
        if !s.matchesAction(request.action) { return .no }
        if let resource = request.resource, !s.resources.isEmpty, !s.matchesResource(resource) { return .no }
        return conditions(s, request)
    }

    /// Every condition block must hold (AND over operators and keys; OR over a key's values).
    static func conditions(_ s: PolicyDocument.Statement, _ request: PolicyRequest) -> Applies {
        var result = Applies.yes
        for (op, entries) in s.conditions.sorted(by: { $0.key < $1.key }) {
            for (key, values) in entries.sorted(by: { $0.key < $1.key }) {
                guard PolicyRequest.modelledKeys.contains(key.lowercased()) else {
                    result = .unknown("condition key \(key) is not evaluated by doctor")
                    continue
                }
                switch holds(op, values: values, actual: request.value(of: key)) {
                case true?: continue
                case false?: return .no
                case nil: result = .unknown("condition operator \(op) is not evaluated by doctor")
                }
            }
        }
        return result
    }

    /// IAM's string and ARN operators, with `...IfExists` and the negated forms. A key the
    /// request lacks fails a positive operator and satisfies a negated one (and any IfExists).
    static func holds(_ op: String, values: [String], actual: String?) -> Bool? {
        var base = op
        let ifExists = base.hasSuffix("IfExists")
        if ifExists { base = String(base.dropLast("IfExists".count)) }
        let negated: Bool
        let match: (String, String) -> Bool
        switch base {
        case "StringEquals", "ArnEquals": negated = false; match = { $0 == $1 }
        case "Bool": negated = false; match = { $0.lowercased() == $1.lowercased() }
        case "StringNotEquals", "ArnNotEquals": negated = true; match = { $0 == $1 }
        case "StringEqualsIgnoreCase": negated = false; match = { $0.lowercased() == $1.lowercased() }
        case "StringNotEqualsIgnoreCase": negated = true; match = { $0.lowercased() == $1.lowercased() }
        case "StringLike", "ArnLike": negated = false; match = { Glob.matches($0, $1, caseInsensitive: false) }
        case "StringNotLike", "ArnNotLike": negated = true; match = { Glob.matches($0, $1, caseInsensitive: false) }
        default: return nil
        }
        guard let actual else { return ifExists || negated }
        let any = values.contains { match($0, actual) }
        return negated ? !any : any
    }
}
