@testable import AWSClient
import Foundation
import Testing

/// Expiry and refresh with a controllable clock; concurrent callers share one fetch.
@Suite struct CredentialCacheTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func credentials(_ n: Int, expiring: Date?) -> SourcedCredentials {
        SourcedCredentials(keys: AWSCredentials(accessKeyID: "KEY-\(n)", secretAccessKey: "S"), expiration: expiring,
                           source: CredentialSource(kind: "test", location: "here"))
    }

    @Test func temporaryCredentialsAreRefreshedFiveMinutesBeforeExpiry() async throws {
        let cache = CredentialCache()
        let fetches = LockedCounter()
        let fetch: @Sendable () async throws -> SourcedCredentials = {
            let n = fetches.next()
            return Self.credentials(n, expiring: Self.start.addingTimeInterval(Double(n) * 3600))
        }
        #expect(try await cache.credentials(now: Self.start, fetch: fetch).keys.accessKeyID == "KEY-1")
        // 54 minutes later: still more than 5 minutes left, the cached keys are used.
        #expect(try await cache.credentials(now: Self.start.addingTimeInterval(54 * 60), fetch: fetch).keys.accessKeyID == "KEY-1")
        // 56 minutes later: within the refresh window.
        #expect(try await cache.credentials(now: Self.start.addingTimeInterval(56 * 60), fetch: fetch).keys.accessKeyID == "KEY-2")
        #expect(fetches.value == 2)
    }

    @Test func longLivedCredentialsAreFetchedOnce() async throws {
        let cache = CredentialCache()
        let fetches = LockedCounter()
        let fetch: @Sendable () async throws -> SourcedCredentials = { Self.credentials(fetches.next(), expiring: nil) }
        _ = try await cache.credentials(now: Self.start, fetch: fetch)
        _ = try await cache.credentials(now: Self.start.addingTimeInterval(86_400 * 30), fetch: fetch)
        #expect(fetches.value == 1)
    }

    @Test func concurrentRequestsShareOneRefresh() async throws {
        let cache = CredentialCache()
        let fetches = LockedCounter()
        let fetch: @Sendable () async throws -> SourcedCredentials = {
            let n = fetches.next()
            try await Task.sleep(for: .milliseconds(50))
            return Self.credentials(n, expiring: Self.start.addingTimeInterval(3600))
        }
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.credentials(now: Self.start, fetch: fetch).keys.accessKeyID } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(keys) == ["KEY-1"])
        #expect(fetches.value == 1)
    }

    @Test func aFailedRefreshKeepsKeysThatHaveNotExpired() async throws {
        let cache = CredentialCache()
        let fail = LockedFlag()
        let fetch: @Sendable () async throws -> SourcedCredentials = {
            if fail.isSet { throw AWSError.credentials("X", "refresh failed") }
            return Self.credentials(1, expiring: Self.start.addingTimeInterval(3600))
        }
        _ = try await cache.credentials(now: Self.start, fetch: fetch)
        fail.set()
        #expect(try await cache.credentials(now: Self.start.addingTimeInterval(58 * 60), fetch: fetch).keys.accessKeyID == "KEY-1")
        await #expect(throws: AWSError.self) { try await cache.credentials(now: Self.start.addingTimeInterval(61 * 60), fetch: fetch) }
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.withLock { flag = true } }
    var isSet: Bool { lock.withLock { flag } }
}
