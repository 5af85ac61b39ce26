/// How one link of the pipeline fared.
///
/// `unknown` means doctor could not tell (the endpoint did not answer, a field was absent, an
/// upstream link is missing). It is never folded into `ok`.
public enum LinkStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case ok
    case warn
    case fail
    case unknown
}
