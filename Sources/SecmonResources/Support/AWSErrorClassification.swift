import AWSClient

extension AWSError {
    /// Whether AWS said the thing asked about does not exist. Decided on the error code only
    /// (moto's status codes differ from AWS's), per service.
    var isNotFound: Bool {
        guard kind == .service else { return false }
        switch AWSService(rawValue: service) {
        case .secretsmanager, .logs: return code == "ResourceNotFoundException"
        case .s3: return code == "NoSuchBucket" || code == "NotFound"
        case .iam: return code == "NoSuchEntity"
        case .cloudtrail: return code == "TrailNotFoundException"
        case .cloudwatch: return code == "ResourceNotFound" || code == "ResourceNotFoundException"
        case .sns: return code == "NotFound" || code == "ResourceNotFound" || code == "ResourceNotFoundException"
        default: return code.hasSuffix("NotFound") || code.hasSuffix("NotFoundException")
        }
    }

    /// Whether the caller is not allowed the call (the codes differ between services).
    var isAccessDenied: Bool {
        kind == .service && ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"].contains(code)
    }

    /// Whether this is one of `codes`, as a service reply.
    func isService(_ codes: String...) -> Bool {
        kind == .service && codes.contains(code)
    }
}

/// Calls `body`; a not-found answer becomes nil.
func nilIfNotFound<T: Sendable>(_ body: () async throws -> T) async throws -> T? {
    do {
        return try await body()
    } catch let error as AWSError where error.isNotFound {
        return nil
    }
}
