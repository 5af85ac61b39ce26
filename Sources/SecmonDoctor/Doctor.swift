import AWSClient
import Foundation

/// `secmon doctor`: reads a live pipeline and checks it link by link. Read-only.
public struct Doctor: Sendable {
    public let client: any AWSCalling
    public let matcher: (any FilterPatternMatching)?
    let now: @Sendable () -> Date

    public init(client: any AWSCalling, matcher: (any FilterPatternMatching)?,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.matcher = matcher
        self.now = now
    }

    /// Reads the target's live state and checks every link.
    public func check(_ target: PipelineTarget) async -> Checklist {
        let facts = await PipelineReader(client: client).read(target, now: now())
        return PipelineChecks(target: target, facts: facts, matcher: matcher).run()
    }

    /// Finds the pipeline around an existing secret (see `PipelineDiscovery`).
    public func discover(secret: String) async -> PipelineTarget {
        await PipelineDiscovery(client: client, matcher: matcher, now: now()).discover(secret: secret)
    }
}
