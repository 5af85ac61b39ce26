extension AWSError {
    /// Whether AWS said the thing asked about does not exist. Decided on the error code only
    /// (moto's status codes differ from AWS's), from the service's model: the codes of the "no
    /// such thing" errors any of its operations lists (services answer one operation with
    /// another's not-found error, e.g. SNS's NotFound for a deleted topic's tags), plus the few
    /// AWS sends without modelling them.
    public var isNotFound: Bool {
        guard kind == .service, let service = AWSService(rawValue: service) else { return false }
        return NotFoundCodes.byService[service]?.contains(code) ?? false
    }

    /// Whether this is one of `codes`, as a service reply.
    public func isService(_ codes: String...) -> Bool {
        kind == .service && codes.contains(code)
    }
}

enum NotFoundCodes {
    /// S3's models list no errors for most bucket operations; AWS answers NoSuchBucket (and
    /// NotFound, bodiless, for HEAD requests). SQS may send QueueDoesNotExist's query-era code
    /// (its `awsQueryError`, which the embedded model does not keep).
    static let unmodeled: [AWSService: Set<String>] = [
        .s3: ["NoSuchBucket", "NotFound"], .sqs: ["AWS.SimpleQueueService.NonExistentQueue"],
    ]

    static let byService: [AWSService: Set<String>] = {
        var out: [AWSService: Set<String>] = [:]
        for service in AWSService.allCases {
            var codes = unmodeled[service] ?? []
            if let model = try? ServiceModel.named(service) {
                for shape in model.shapes.values where shape.isException && meansNotFound(shape.name) {
                    codes.insert(shape.errorCode ?? shape.name)
                    codes.insert(shape.name)
                }
            }
            out[service] = codes
        }
        return out
    }()

    /// Error shape names that mean "no such thing" (ResourceNotFoundException, NoSuchEntity,
    /// TrailNotFoundException, QueueDoesNotExist, ...).
    static func meansNotFound(_ name: String) -> Bool {
        name.contains("NotFound") || name.hasPrefix("NoSuch") || name.contains("DoesNotExist") || name.contains("NonExistent")
    }
}
