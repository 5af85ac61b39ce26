/// How one link of the pipeline fared.
///
/// `unknown` means doctor could not tell (the endpoint did not answer, a field was absent, an
/// upstream link is missing). It is never folded into `ok`. `notChecked` marks a link that
/// depends on one that fails: judging it would only repeat that failure (see `LinkDependencies`).
public enum LinkStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case ok
    case warn
    case fail
    case unknown
    case notChecked = "not_checked"
}
