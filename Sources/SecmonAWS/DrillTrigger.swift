import AWSClient

/// What AWS did with the drill's unreadable secret read. Never a secret value.
public enum UnreadableSecretReadOutcome: Sendable, Hashable {
    /// AWS rejected the read, as intended (normally ResourceNotFoundException: the version
    /// doesn't exist). CloudTrail still records the GetSecretValue event.
    case rejected(AWSError)
    /// AWS answered 2xx (it should not be able to). The reply was discarded unread.
    case answeredAndDiscarded(requestID: String?)
}

extension SecmonClient {
    /// The one exception to "secmon never sends GetSecretValue": the alerting drill needs a real
    /// GetSecretValue event in CloudTrail. It asks for a freshly generated random version id,
    /// which cannot exist, so AWS refuses the read; and should AWS ever answer, the reply body
    /// is dropped without being decoded. Callers can't choose the version or see a reply.
    public func sendUnreadableSecretRead(secretID: String) async throws -> UnreadableSecretReadOutcome {
        let input: AWSValue = ["SecretId": .string(secretID), "VersionId": .string(Self.unguessableVersionID())]
        do {
            return .answeredAndDiscarded(requestID: try await wire.sendDiscardingReply(.secretsmanager, "GetSecretValue", input))
        } catch let error as AWSError where error.kind == .service {
            return .rejected(error)
        }
    }

    /// 32 random bytes as 64 hex digits: the model's VersionId allows 32-64 characters, and no
    /// version created by PutSecretValue or the console will ever have this id.
    static func unguessableVersionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0x0f, radix: 16)
        }.joined()
    }
}
