import AWSClient

/// secmon never reads secret values. Operations that return them are refused before anything
/// is looked up, encoded or sent; the drill trigger (DrillTrigger.swift) is the one exception.
enum SecretReadRefusal {
    /// Operations whose replies carry secret values, in any service.
    static let refusedOperations: Set<String> = ["getsecretvalue", "batchgetsecretvalue"]

    static func check(_ service: AWSService, _ operation: String) throws {
        guard refusedOperations.contains(operation.lowercased()) else { return }
        throw AWSError(kind: .refused, service: service.rawValue, operation: operation, code: "SecretReadRefused",
                       message: "secmon never reads secret values, so it does not send \(operation) requests.")
    }
}
