import SecmonCore
import SecmonPlan

/// Tells a create that lost a race apart from a real failure. The plan said the resource did
/// not exist; if AWS refused the create and the resource is there now, someone made it after
/// the plan was read: another apply of this same stack (it carries our ownership tag), or
/// someone else. Either way the AWS error ("ResourceExistsException") is not what the user
/// needs to read.
enum ConcurrentApply {
    /// The failure code of a create lost to another apply of the same stack.
    static let code = "ConcurrentApply"
    /// The failure code of a create lost to someone outside the stack.
    static let createdSincePlanCode = "CreatedSincePlan"

    static func check(_ failure: StepFailure, node: ExecutionGraph.Node, driver: any ResourceDriver,
                      context: DriverContext) async -> StepFailure? {
        // AWS refused (or a driver turned AWS's refusal into its own sentence); a lost
        // connection or a local refusal says nothing about the resource.
        guard [.service, .other].contains(failure.kind), let physicalID = node.step.physicalID,
              let found = try? await driver.read([physicalID], hints: [physicalID: node.action.properties], context: context),
              let live = found[physicalID] else { return nil }
        let what = "\(node.step.kind) \"\(physicalID)\""
        if context.owns(live) {
            return StepFailure(kind: .conflict, code: code, message:
                "another apply of stack \(context.stackName) is running (or just finished): it created \(what) after this plan was made. "
                + "Wait for it to end, then run plan again to see what is left.")
        }
        let owner = live.ownerStack.map { "stack \"\($0)\"" } ?? "someone outside secmon"
        return StepFailure(kind: .conflict, code: createdSincePlanCode, message:
            "\(what) was created by \(owner) after this plan was made; run plan again")
    }
}
