/// An IAM permission secmon needs, declared next to the code that calls AWS; `secmon
/// iam-policy` builds least-privilege policies from these declarations.
/// One IAM action, and what it acts on.
public struct IAMAction: Hashable, Sendable, Comparable {
    public enum Scope: Hashable, Sendable {
        /// Any resource (`"*"`): list and describe calls without resource-level permissions,
        /// and reads that scan the account for owned resources.
        case any
        /// The resource the stack declares (its ARN from its name).
        case own
        /// Objects in the stack's bucket (`arn:...:s3:::name/*`).
        case ownObjects
        /// The resource a property refers to, e.g. a metric filter's `log_group`, a trail's `role`.
        case referenced(property: String, kind: String)
        /// Every resource of a kind in the stack (doctor and drill work on the whole pipeline),
        /// with `suffix` after each ARN (`/*` for a bucket's objects).
        case everyOf(kind: String, suffix: String = "")
        /// An ARN pattern with `{partition}`, `{region}` and `{account}` filled in, for what
        /// secmon makes on the fly (the drill's temporary queue).
        case pattern(String)
    }

    /// `service:Action`, as IAM spells it (not always the API operation's name: S3's differ).
    public var name: String
    public var scope: Scope
    /// Why secmon needs it, for docs/iam.md and `iam-policy --explain`.
    public var why: String

    public init(_ name: String, _ scope: Scope, _ why: String) {
        self.name = name
        self.scope = scope
        self.why = why
    }

    public static func < (a: IAMAction, b: IAMAction) -> Bool { a.name < b.name }
}

