/// Every failure of an AWS call, typed, with a sentence a person can act on.
public struct AWSError: Error, Sendable, CustomStringConvertible, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// AWS answered with an error reply.
        case service
        /// No usable answer: connection refused or reset, timeout, DNS.
        case transport
        /// The input breaks the service model's constraints; nothing was sent.
        case validation
        /// No credentials could be found, or they are unusable.
        case credentials
        /// Region, endpoint or profile configuration is missing or wrong.
        case configuration
        /// secmon refuses this call on principle (GetSecretValue).
        case refused
        /// A reply arrived but could not be understood.
        case decoding
    }

    public var kind: Kind
    public var service: String
    public var operation: String
    /// The AWS error code (e.g. "ResourceNotFoundException"), or a secmon code for local kinds.
    public var code: String
    public var message: String
    public var status: Int?
    public var requestID: String?

    public init(kind: Kind, service: String, operation: String, code: String, message: String,
                status: Int? = nil, requestID: String? = nil) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
    }

    public var description: String {
        switch kind {
        case .credentials, .configuration:
            return message
        default:
            var s = "\(service) \(operation) failed: \(code)"
            if !message.isEmpty { s += ": \(message)" }
            var extra: [String] = []
            if let status { extra.append("HTTP \(status)") }
            if let requestID { extra.append("request id \(requestID)") }
            if !extra.isEmpty { s += " (\(extra.joined(separator: ", ")))" }
            return s
        }
    }
}
