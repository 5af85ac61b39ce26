/// One operation of a service model: its HTTP binding, input/output shapes and errors.
public struct OperationModel: Sendable {
    public var name: String
    public var httpMethod: String
    /// botocore `http.requestUri`, e.g. "/{Bucket}/{Key+}?x-id=GetObject" (rest-xml) or "/".
    public var requestURI: String
    public var input: ShapeRef?
    public var output: ShapeRef?
    /// Names of the error shapes the model lists.
    public var errors: [String]
    /// The model requires a body checksum (`httpChecksumRequired` or
    /// `httpChecksum.requestChecksumRequired`); the protocol layer adds it.
    public var requestChecksumRequired: Bool
    /// The member naming the checksum algorithm (`httpChecksum.requestAlgorithmMember`).
    public var requestAlgorithmMember: String?
    /// botocore `authtype: none` (AssumeRoleWithWebIdentity, SSO GetRoleCredentials): sent unsigned,
    /// because the caller has no AWS credentials yet.
    public var isUnsigned: Bool = false
}
