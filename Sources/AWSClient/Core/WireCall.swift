/// One operation call as the sending pipeline sees it: who to sign for, where to send, and the
/// protocol's encode and error-decode steps already bound to the model and input. Keeping the
/// pipeline independent of `ServiceModel` lets tests drive it with a hand-made protocol.
struct WireCall: Sendable {
    var service: AWSService
    var operation: String
    var signingName: String
    var endpointPrefix: String
    /// Sent without a signature (and without asking for credentials): botocore `authtype: none`.
    var isUnsigned = false
    var encode: @Sendable () throws -> EncodedRequest
    var decodeError: @Sendable (HTTPResponse) -> AWSError

    init(service: AWSService, operation: String, signingName: String, endpointPrefix: String,
         encode: @escaping @Sendable () throws -> EncodedRequest,
         decodeError: @escaping @Sendable (HTTPResponse) -> AWSError) {
        self.service = service
        self.operation = operation
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.encode = encode
        self.decodeError = decodeError
    }

    init(model: ServiceModel, operation: OperationModel, input: AWSValue) {
        let wire = model.wireProtocol
        self.init(service: model.service, operation: operation.name, signingName: model.signingName,
                  endpointPrefix: model.endpointPrefix,
                  encode: { try wire.encode(input, operation: operation, service: model) },
                  decodeError: { wire.decodeError($0, operation: operation, service: model) })
        isUnsigned = operation.isUnsigned
    }
}
