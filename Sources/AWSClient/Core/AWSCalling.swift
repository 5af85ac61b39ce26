/// What the rest of secmon sees of AWS: one call, by service and operation name, with a
/// model-shaped input. `AWSClient` is the real one; tests substitute fakes.
public protocol AWSCalling: Sendable {
    /// Calls `operation` of `service`. Throws `AWSError` for every failure, typed.
    func call(_ service: AWSService, _ operation: String, _ input: AWSValue) async throws -> AWSValue
    /// The region requests go to.
    var region: String { get }
}
