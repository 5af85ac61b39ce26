// OWNED BY THE MODELS/PROTOCOLS WORK: this file states what the rest of the client relies on.
// The models are the trimmed botocore models embedded in Generated/ (see
// scripts/codegen/generate-models.py), parsed once per service on first use.

import Foundation

/// A service's botocore model, trimmed to the operations secmon uses.
public struct ServiceModel: Sendable {
    public var service: AWSService
    /// botocore `metadata.signingName` (falls back to endpointPrefix).
    public var signingName: String
    /// botocore `metadata.endpointPrefix`, e.g. "monitoring" for CloudWatch.
    public var endpointPrefix: String
    /// botocore `metadata.globalEndpoint` (IAM, STS, S3), when there is one.
    public var globalEndpoint: String?
    /// The protocol secmon speaks to this service.
    public var wireProtocol: any WireProtocol

    /// botocore `metadata.serviceId`, e.g. "CloudWatch Logs".
    public var serviceId: String
    /// e.g. "2010-08-01"; the query protocol sends it as `Version`.
    public var apiVersion: String
    /// The protocol name chosen from the model: "json", "query" or "rest-xml".
    public var protocolName: String
    /// JSON protocols: the `X-Amz-Target` prefix and the content-type version ("1.0", "1.1").
    public var targetPrefix: String?
    public var jsonVersion: String?
    public var xmlNamespace: String?
    /// The service also speaks query and reports query error codes in `x-amzn-query-error`.
    public var awsQueryCompatible: Bool

    public var operations: [String: OperationModel]
    public var shapes: [String: Shape]

    public func operation(_ name: String) -> OperationModel? { operations[name] }

    public func shape(_ name: String) -> Shape? { shapes[name] }

    /// The embedded model of `service`, parsed once per process (safe to call concurrently).
    public static func named(_ service: AWSService) throws -> ServiceModel {
        try ServiceModelCache.model(service).get()
    }
}

/// One lazily initialised `static let` per service: Swift runs each initialiser exactly once,
/// thread-safely, so concurrent first calls parse a model only once.
private enum ServiceModelCache {
    typealias Entry = Result<ServiceModel, AWSError>
    private static let lock = NSLock()
    /// Parsed on first use, each once: a run touches only the services it calls.
    nonisolated(unsafe) private static var entries: [AWSService: Entry] = [:]

    static func model(_ service: AWSService) -> Entry {
        lock.withLock {
            if let entry = entries[service] { return entry }
            let entry = load(service)
            entries[service] = entry
            return entry
        }
    }

    private static func load(_ service: AWSService) -> Entry {
        do {
            return .success(try ServiceModelParser.parse(EmbeddedModels.json(for: service), service: service))
        } catch {
            return .failure(error)
        }
    }
}
