/// Every link doctor checked, in pipeline order, and what the run means for a script.
public struct Checklist: Sendable, Codable, Hashable {
    /// What was checked, e.g. "secret TopSecretInfo in us-east-1 (stack secret-access-alarm)".
    public var subject: String
    public var checks: [LinkCheck]
    /// Remarks that are not links (e.g. what discovery chose among several trails).
    public var notes: [String]

    public init(subject: String, checks: [LinkCheck], notes: [String] = []) {
        self.subject = subject
        self.checks = checks
        self.notes = notes
    }

    public func count(_ status: LinkStatus) -> Int { checks.filter { $0.status == status }.count }

    /// The process exit code for this checklist.
    ///
    /// - 0: every link is ok.
    /// - 2: at least one link fails.
    /// - 3: nothing fails, but some link is warn or unknown: the pipeline is not proven. Kept
    ///   apart from 0 so CI never mistakes "could not tell" for "works"; a caller that accepts
    ///   warnings tests for 0 or 3.
    /// (1 is for errors that stop doctor from producing a checklist at all.)
    public var exitCode: Int32 {
        if checks.contains(where: { $0.status == .fail }) { return 2 }
        if checks.contains(where: { $0.status != .ok }) { return 3 }
        return 0
    }

    /// The exit code of several chains checked at once: 2 when any fails, else 3 when any is
    /// not proven, else 0.
    public static func exitCode(of checklists: [Checklist]) -> Int32 {
        let codes = checklists.map(\.exitCode)
        if codes.contains(2) { return 2 }
        return codes.contains(3) ? 3 : 0
    }
}
