import AWSSigV4
import Foundation

/// The real `AWSCalling`: looks up the botocore model, validates and encodes the input through
/// the service's protocol, resolves the endpoint, signs with SigV4, sends with standard-mode
/// retries, and decodes the reply or the error reply into typed values. It has no policy of its
/// own about which operations may be sent: secmon's (never read a secret value) is the layer
/// above it, `SecmonClient` in SecmonAWS.
public struct AWSClient: AWSCalling {
    public let configuration: Configuration
    public var region: String { configuration.region }

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    public func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue {
        let (model, operationModel) = try lookUp(service, operation)
        let response = try await send(WireCall(model: model, operation: operationModel, input: input))
        do {
            return try model.wireProtocol.decode(response, operation: operationModel, service: model)
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(kind: .decoding, service: service.rawValue, operation: operation, code: "UnreadableReply",
                           message: "the reply could not be read (\(error))", status: response.status,
                           requestID: RequestLog.requestID(of: response))
        }
    }

    /// Sends a call whose reply must not be read: a 2xx reply's body is dropped without being
    /// decoded, and only its request ID is returned (nil when it has none). Failures throw as
    /// `call`'s do.
    public func sendDiscardingReply(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> String? {
        let (model, operationModel) = try lookUp(service, operation)
        let response = try await send(WireCall(model: model, operation: operationModel, input: input))
        return RequestLog.requestID(of: response)
    }

    func lookUp(_ service: AWSService, _ operation: String) throws -> (ServiceModel, OperationModel) {
        let model: ServiceModel
        do {
            model = try ServiceModel.named(service)
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(kind: .configuration, service: service.rawValue, operation: operation, code: "NoModel",
                           message: "secmon's model of \(service.rawValue) could not be loaded (\(error))")
        }
        guard let operationModel = model.operation(operation) else {
            throw AWSError(kind: .validation, service: service.rawValue, operation: operation, code: "UnknownOperation",
                           message: "secmon's model of \(service.rawValue) has no operation \(operation)")
        }
        return (model, operationModel)
    }

    /// Encodes, signs and sends `input`, retrying as the policy allows. Returns the 2xx reply
    /// undecoded; throws the decoded error reply or the transport failure otherwise.
    func send(_ call: WireCall) async throws -> HTTPResponse {
        let service = call.service
        let encoded: EncodedRequest
        do {
            encoded = try call.encode()
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(kind: .validation, service: service.rawValue, operation: call.operation, code: "InvalidInput",
                           message: "\(error)")
        }
        let endpoint: Endpoint, address: RequestAddress, signer: SigV4Signer?
        do {
            endpoint = try configuration.endpoints.endpoint(for: service, endpointPrefix: call.endpointPrefix)
            address = try RequestAddress.make(encoded, endpoint: endpoint, s3ForcePathStyle: configuration.endpoints.s3ForcePathStyle)
            signer = call.isUnsigned ? nil : SigV4Signer(
                credentials: try await configuration.credentials.credentials(), region: endpoint.signingRegion,
                service: call.signingName, options: service == .s3 ? .s3 : .standard)
        } catch var error as AWSError {
            (error.service, error.operation) = (service.rawValue, call.operation)
            throw error
        }
        let unsigned = SigV4Request(
            method: encoded.method, path: address.path, query: address.query,
            headers: [.init("Host", address.hostHeader)] + encoded.headers.map { .init($0.name, $0.value) },
            body: Array(encoded.body))

        let retry = configuration.retry
        var retriesCost = 0
        var attempt = 1
        while true {
            let signed = signer?.signed(unsigned, at: configuration.now()) ?? unsigned
            let request = HTTPRequest(method: signed.method, url: address.url,
                                      headers: signed.headers.map { HTTPHeader($0.name, $0.value) }
                                          + [HTTPHeader("User-Agent", configuration.userAgent)],
                                      body: encoded.body)
            let log = RequestLog(service: service, operation: call.operation, method: encoded.method,
                                 host: address.hostHeader, attempt: attempt, maxAttempts: retry.maxAttempts)
            let started = ContinuousClock.now
            let failure: AWSError
            do {
                let response = try await configuration.transport.send(request, timeout: configuration.timeout)
                let requestID = RequestLog.requestID(of: response)
                configuration.debugLogger?(log.line(status: response.status, requestID: requestID, failure: nil,
                                                    duration: ContinuousClock.now - started))
                if (200..<300).contains(response.status) {
                    retry.quota.recordSuccess(spent: retriesCost)
                    return response
                }
                var decoded = call.decodeError(response)
                if decoded.status == nil { decoded.status = response.status }
                if decoded.requestID == nil { decoded.requestID = requestID }
                failure = decoded
            } catch {
                configuration.debugLogger?(log.line(status: nil, requestID: nil, failure: error.reason.code,
                                                    duration: ContinuousClock.now - started))
                failure = AWSError(kind: .transport, service: service.rawValue, operation: call.operation,
                                   code: error.reason.code, message: error.description)
            }

            let verdict = RetryClassifier.classify(failure)
            guard verdict != .doNotRetry, attempt < retry.maxAttempts,
                  let cost = retry.quota.acquire(afterTimeout: verdict == .retryAfterTimeout) else {
                throw failure
            }
            retriesCost += cost
            do {
                try await retry.sleep(retry.delay(beforeRetry: attempt))
            } catch {
                throw AWSError(kind: .transport, service: service.rawValue, operation: call.operation,
                               code: HTTPTransportError.Reason.cancelled.code,
                               message: "cancelled while waiting to retry after: \(failure.code)")
            }
            attempt += 1
        }
    }
}
