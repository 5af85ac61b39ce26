import ArgumentParser
import SecmonCore
import SecmonGraph
import SecmonPlan
import SecmonRender
import SecmonStack

/// `secmon iam-policy [STACK] [--for plan|apply|destroy|doctor|drill]`: the least-privilege
/// IAM policy to run that command on that stack. Offline.
struct IAMPolicyCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "iam-policy",
        abstract: "Print the least-privilege IAM policy to run a command on a stack. No AWS access.",
        discussion: """
            Built from the operations each resource kind and doctor declare. Creates, updates \
            and deletes are scoped to the stack's resources' ARNs; reads are on "*" because plan \
            finds the resources a stack owns by their tags, across the account. Give \
            --account-id (and the stack's region or --region) for exact ARNs; without them the \
            ARNs match any account or region. docs/iam.md says why each action is there.
            """)

    @OptionGroup var stack: StackOptions

    @Option(name: .customLong("for"), help: "The command to allow: plan, apply, destroy, doctor, drill, who-read, backtest (--logs s3://) or backtest-athena.")
    var purpose: PolicyPurpose = .apply

    @Option(name: .customLong("account-id"), help: ArgumentHelp("The account the stack lives in (default: any).", valueName: "id"))
    var accountID: String?

    @Option(help: "The region (default: the stack's region:, else any).")
    var region: String?

    @Option(help: "The partition: aws, aws-cn or aws-us-gov.")
    var partition = "aws"

    @Flag(help: "List each action and why it is needed, instead of the policy.")
    var explain = false

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let result = stack.load()
        DiagnosticLines.show(result.diagnostics, on: io)
        guard let loaded = result.stack, !result.hasErrors else { return .failure }
        let graph = try GraphBuilder.build(loaded)
        let context = DriverContext(stackName: graph.stackName, accountID: accountID ?? "*",
                                    region: region ?? graph.region ?? "*", partition: partition)
        let builder = IAMPolicyBuilder(graph: graph, context: context)
        if explain {
            var seen = Set<String>()
            for action in builder.actions(for: purpose).sorted() where seen.insert(action.name).inserted {
                io.out("\(action.name)  \(action.why)")
            }
        } else {
            io.out(JSONOutput.encode(builder.policy(for: purpose)))
        }
        return .success
    }
}

extension PolicyPurpose: ExpressibleByArgument {}
