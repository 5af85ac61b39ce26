/// The per-service variations of SigV4.
public struct SigV4Options: Sendable, Hashable {
    /// Where the session token goes.
    public enum SessionTokenPlacement: Sendable, Hashable {
        /// `X-Amz-Security-Token` is added before signing and is signed (what AWS services expect).
        case signed
        /// The token is added after signing and is not part of the signature (an older variant
        /// some services accepted; kept because the public test suite covers it).
        case addedAfterSigning
    }

    /// Remove `.`/`..` segments and merge repeated slashes in the canonical URI. S3: off.
    public var normalizePath: Bool
    /// Percent-encode the (already encoded) wire path once more. S3: off.
    public var doubleEncodePath: Bool
    /// Send and sign `x-amz-content-sha256` (the payload hash). S3 requires it.
    public var signsPayloadHashHeader: Bool
    public var sessionTokenPlacement: SessionTokenPlacement

    public init(normalizePath: Bool = true, doubleEncodePath: Bool = true, signsPayloadHashHeader: Bool = false,
                sessionTokenPlacement: SessionTokenPlacement = .signed) {
        self.normalizePath = normalizePath
        self.doubleEncodePath = doubleEncodePath
        self.signsPayloadHashHeader = signsPayloadHashHeader
        self.sessionTokenPlacement = sessionTokenPlacement
    }

    /// Every service except S3.
    public static let standard = SigV4Options()
    /// S3: path used as given, single encoding, payload hash header.
    public static let s3 = SigV4Options(normalizePath: false, doubleEncodePath: false, signsPayloadHashHeader: true)
}
