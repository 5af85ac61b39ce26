/// The result of checking one link of the pipeline: plain data, rendered by pure functions.
public struct LinkCheck: Sendable, Codable, Hashable {
    /// A stable identifier, e.g. "trail.logging" (documented in docs/doctor.md; scripts rely on it).
    public var id: String
    /// What the link is, for people: "Trail is logging".
    public var title: String
    public var status: LinkStatus
    /// One line of what doctor saw, e.g. "last delivery to log group 3 min ago".
    public var evidence: String
    /// One sentence saying how to repair the link; set for `fail` and `warn`.
    public var fix: String?
}
